#pragma once

#include "bytecursor.h"
#include "ggufvalue.h"

#include <QByteArrayView>
#include <QString>

// Reads GGUF metadata values (and the strings keys and tensor names are made of) at a cursor,
// validating each count and length against the bytes left before anything is reserved, and
// keeping within the budgets below: what costs memory beyond the mapped file is one offset per
// string inside an array and one node per nested array, and those are capped.
namespace attn::gguf {

// Real files nest arrays one level at most; recursion stays shallow whatever a file claims.
constexpr int kMaxArrayNesting = 8;
// Real vocabularies hold up to ~300,000 tokens and as many merges: a few arrays of that size.
constexpr qint64 kMaxStringsInArrays = qint64(1) << 23;
// Arrays inside arrays, all levels together (nodes of ~80 bytes: at most ~80 MB).
constexpr qint64 kMaxNestedArrays = qint64(1) << 20;

class GgufValueReader
{
public:
    explicit GgufValueReader(io::ByteCursor &cursor) : m_cursor(cursor) {}

    // A value of `type` (the type field before it was already read). Empty on success, otherwise
    // what is wrong, for the caller to put after the key's name.
    QString read(GgufValueType type, GgufValue &value) { return readAt(type, value, 0); }

    // A gguf_string_t (u64 length, then the bytes): its bytes in the file. Empty on success.
    QString readString(QByteArrayView &bytes);

private:
    QString readAt(GgufValueType type, GgufValue &value, int depth);
    QString readArray(GgufValue &value, int depth);
    QString readStringArray(GgufValue &value);
    QString readNestedArrays(GgufValue &value, int depth);

    io::ByteCursor &m_cursor;
    qint64 m_stringsInArraysLeft = kMaxStringsInArrays;
    qint64 m_nestedArraysLeft = kMaxNestedArrays;
};

} // namespace attn::gguf

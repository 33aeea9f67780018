#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

// One metadata value of a GGUF file (gguf_metadata_value_t of the specification): a number, a
// bool, a UTF-8 string, or an array of values of one type (arrays may hold arrays).
//
// A value is a view into the file's bytes, which gguffile.cpp validated before making it: strings
// and arrays of numbers are not copied, so a vocabulary of 150,000 tokens costs one offset per
// token, not a QString each. A value lives as long as the GgufFile it came from.
namespace attn::gguf {

enum class GgufValueType : quint32 {
    UInt8 = 0,
    Int8 = 1,
    UInt16 = 2,
    Int16 = 3,
    UInt32 = 4,
    Int32 = 5,
    Float32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    UInt64 = 10,
    Int64 = 11,
    Float64 = 12,
};

// The type a number in the file names, or nothing for a number the specification does not define.
std::optional<GgufValueType> ggufValueTypeFromNumber(quint32 number);
// "UINT32", "STRING", "ARRAY": the specification's names (GGUF_METADATA_VALUE_TYPE_UINT32).
QString ggufValueTypeName(GgufValueType type);
// Bytes of one value of a fixed-size type (numbers and bools); 0 for STRING and ARRAY.
int fixedValueBytes(GgufValueType type);
bool isIntegerType(GgufValueType type);
bool isFloatType(GgufValueType type);

class GgufValue
{
public:
    GgufValueType type() const { return m_type; }
    // The type as messages name it: "UINT32", "ARRAY of STRING", "ARRAY of ARRAY of INT32" (the
    // element type of an empty nested array is not known beyond its own level).
    QString typeName() const;

    // Scalars. An integer of any of the eight integer types, when it fits in qint64 (a UINT64
    // above 2^63 - 1 does not); nothing for other types.
    std::optional<qint64> toInteger() const;
    // FLOAT32 or FLOAT64 as a double (exact); nothing for other types.
    std::optional<double> toReal() const;
    // BOOL (the file holds 0 or 1, validated); nothing for other types.
    std::optional<bool> toBool() const;
    // STRING: its bytes as stored (UTF-8 by the specification, not validated: real vocabularies
    // hold tokens that are parts of characters) and decoded (invalid sequences become U+FFFD).
    QByteArrayView stringBytes() const;
    QString toString() const;

    // ARRAY: the type of the elements and their number.
    GgufValueType elementType() const { return m_elementType; }
    qint64 size() const { return m_size; }
    // Element i of an array of integers, floats (as double), strings, or arrays; preconditions:
    // the element type matches and 0 <= i < size().
    std::optional<qint64> integerAt(qint64 i) const;
    double realAt(qint64 i) const;
    QByteArrayView stringBytesAt(qint64 i) const;
    const GgufValue &arrayAt(qint64 i) const;

private:
    friend class GgufValueReader;

    GgufValueType m_type = GgufValueType::UInt8;
    GgufValueType m_elementType = GgufValueType::UInt8; // arrays only
    quint64 m_scalarBits = 0;     // a scalar's little-endian bytes, zero-extended
    const uchar *m_data = nullptr; // a string's bytes, or an array's first element
    qint64 m_size = 0;            // a string's bytes, or an array's elements
    // An array of strings: where each string's bytes start, relative to m_data. Its length is the
    // u64 the file stores just before it, so 8 bytes per string, never more than the file spends.
    std::shared_ptr<const std::vector<qint64>> m_stringStarts;
    // An array of arrays.
    std::shared_ptr<const std::vector<GgufValue>> m_arrays;
};

// A GGUF string's UTF-8 bytes as text, a leading U+FEFF kept (it is a character of the string, not
// a byte-order mark); invalid sequences become U+FFFD.
QString decodeGgufString(QByteArrayView utf8);

} // namespace attn::gguf

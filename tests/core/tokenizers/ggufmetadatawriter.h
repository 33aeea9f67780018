#pragma once

#include <QByteArray>
#include <QString>
#include <QtEndian>

#include <bit>

#include <vector>

// Writes a GGUF (version 3) that holds metadata only, for tests that need a tokenizer in GGUF form:
// "GGUF", u32 version, u64 tensor count (0), u64 metadata count, then each entry as key (u64 length
// + UTF-8), u32 value type, value (ggml's docs/gguf.md; scripts/make_gguf_fixtures.py writes the
// same layout from Python). Written here byte by byte, independent of the reader under test.
class GgufMetadataWriter
{
public:
    enum Type : quint32 { UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7, String = 8, Array = 9 };

    void addString(const QString &key, const QString &value)
    {
        begin(key, String);
        putString(value);
    }
    void addUInt32(const QString &key, quint32 value)
    {
        begin(key, UInt32);
        put<quint32>(value);
    }
    void addBool(const QString &key, bool value)
    {
        begin(key, Bool);
        m_body.append(char(value ? 1 : 0));
    }
    void addStringArray(const QString &key, const std::vector<QString> &values)
    {
        beginArray(key, String, values.size());
        for (const QString &value : values)
            putString(value);
    }
    void addInt32Array(const QString &key, const std::vector<qint32> &values)
    {
        beginArray(key, Int32, values.size());
        for (qint32 value : values)
            put<qint32>(value);
    }
    void addFloat32Array(const QString &key, const std::vector<float> &values)
    {
        beginArray(key, Float32, values.size());
        for (float value : values)
            put<quint32>(std::bit_cast<quint32>(value));
    }

    QByteArray bytes() const
    {
        QByteArray out("GGUF");
        appendLittleEndian<quint32>(out, 3);
        appendLittleEndian<quint64>(out, 0);
        appendLittleEndian<quint64>(out, m_count);
        return out + m_body;
    }

private:
    template<typename T>
    static void appendLittleEndian(QByteArray &out, T value)
    {
        char bytes[sizeof(T)];
        qToLittleEndian(value, bytes);
        out.append(bytes, sizeof(T));
    }
    template<typename T>
    void put(T value) { appendLittleEndian(m_body, value); }
    void putString(const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        put<quint64>(quint64(utf8.size()));
        m_body.append(utf8);
    }
    void begin(const QString &key, Type type)
    {
        ++m_count;
        putString(key);
        put<quint32>(type);
    }
    void beginArray(const QString &key, Type elementType, std::size_t count)
    {
        begin(key, Array);
        put<quint32>(elementType);
        put<quint64>(quint64(count));
    }

    QByteArray m_body;
    quint64 m_count = 0;
};

#pragma once

#include <QtGlobal>

#include <type_traits>

namespace attn::io {

// Reads little-endian fields of a binary file front to back and never past its end: every read
// says whether the bytes were there, so a parser checks each field before it uses it.
class ByteCursor
{
public:
    ByteCursor(const uchar *data, qint64 size) : m_data(data), m_size(size) {}

    qint64 position() const { return m_position; }
    qint64 remaining() const { return m_size - m_position; }
    const uchar *here() const { return m_data + m_position; }

    // An unsigned integer of sizeof(T) bytes; false (and nothing read) when fewer bytes are left.
    template<typename T>
    bool read(T &value)
    {
        static_assert(std::is_unsigned_v<T>);
        if (remaining() < qint64(sizeof(T)))
            return false;
        T result = 0;
        for (size_t i = 0; i < sizeof(T); ++i)
            result |= T(m_data[m_position + qint64(i)]) << (8 * i);
        value = result;
        m_position += qint64(sizeof(T));
        return true;
    }

    // Moves past `count` bytes; false (and no move) when fewer are left or count is negative.
    bool skip(qint64 count)
    {
        if (count < 0 || count > remaining())
            return false;
        m_position += count;
        return true;
    }

private:
    const uchar *m_data;
    qint64 m_size;
    qint64 m_position = 0;
};

} // namespace attn::io

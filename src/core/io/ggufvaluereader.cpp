#include "ggufvaluereader.h"

#include <QStringBuilder>

#include <memory>
#include <vector>

namespace attn::gguf {

namespace {

// What the smallest element of an array of `type` takes in the file: a string at least its u64
// length, an array at least its element type (u32) and count (u64).
qint64 smallestElementBytes(GgufValueType type)
{
    if (type == GgufValueType::String)
        return 8;
    if (type == GgufValueType::Array)
        return 12;
    return fixedValueBytes(type);
}

QString pastTheEnd(const QString &what, qint64 needed, qint64 left)
{
    return what % QStringLiteral(" needs ") % QString::number(needed) % QStringLiteral(" bytes, but only ")
        % QString::number(left) % QStringLiteral(" are left in the file");
}

} // namespace

QString GgufValueReader::readString(QByteArrayView &bytes)
{
    quint64 length = 0;
    if (!m_cursor.read(length))
        return pastTheEnd(QStringLiteral("a string's length"), 8, m_cursor.remaining());
    // Compared before any use: a length of 2^64 - 1 is no allocation and no overflow here.
    if (length > quint64(m_cursor.remaining())) {
        return QStringLiteral("string length ") % QString::number(length) % QStringLiteral(" runs past the end of the file (")
            % QString::number(m_cursor.remaining()) % QStringLiteral(" bytes left)");
    }
    bytes = QByteArrayView(reinterpret_cast<const char *>(m_cursor.here()), qsizetype(length));
    m_cursor.skip(qint64(length));
    return {};
}

QString GgufValueReader::readAt(GgufValueType type, GgufValue &value, int depth)
{
    value.m_type = type;
    if (type == GgufValueType::String) {
        QByteArrayView bytes;
        const QString problem = readString(bytes);
        if (!problem.isEmpty())
            return problem;
        value.m_data = reinterpret_cast<const uchar *>(bytes.data());
        value.m_size = bytes.size();
        return {};
    }
    if (type == GgufValueType::Array)
        return readArray(value, depth);

    const int bytes = fixedValueBytes(type);
    if (m_cursor.remaining() < bytes)
        return pastTheEnd(QStringLiteral("a ") % ggufValueTypeName(type) % QStringLiteral(" value"), bytes, m_cursor.remaining());
    quint64 bits = 0;
    for (int i = 0; i < bytes; ++i)
        bits |= quint64(m_cursor.here()[i]) << (8 * i);
    m_cursor.skip(bytes);
    if (type == GgufValueType::Bool && bits > 1)
        return QStringLiteral("BOOL value ") % QString::number(bits) % QStringLiteral(" is neither 0 nor 1");
    value.m_scalarBits = bits;
    return {};
}

QString GgufValueReader::readArray(GgufValue &value, int depth)
{
    if (depth >= kMaxArrayNesting)
        return QStringLiteral("arrays nested deeper than ") % QString::number(kMaxArrayNesting) % QStringLiteral(" levels");
    quint32 elementNumber = 0;
    quint64 count = 0;
    if (!m_cursor.read(elementNumber) || !m_cursor.read(count))
        return pastTheEnd(QStringLiteral("an array's element type and count"), 12, m_cursor.remaining());
    const std::optional<GgufValueType> elementType = ggufValueTypeFromNumber(elementNumber);
    if (!elementType)
        return QStringLiteral("array of unknown value type ") % QString::number(elementNumber);
    value.m_elementType = *elementType;

    // The count against the bytes left, before anything is reserved for it: the division cannot
    // overflow where count × size could.
    const qint64 smallest = smallestElementBytes(*elementType);
    if (count > quint64(m_cursor.remaining() / smallest)) {
        return QStringLiteral("array of ") % QString::number(count) % QLatin1Char(' ') % ggufValueTypeName(*elementType)
            % QStringLiteral(" elements needs at least ") % QString::number(smallest)
            % QStringLiteral(" bytes each, but only ") % QString::number(m_cursor.remaining())
            % QStringLiteral(" bytes are left in the file");
    }
    value.m_size = qint64(count);
    value.m_data = m_cursor.here();

    if (*elementType == GgufValueType::String)
        return readStringArray(value);
    if (*elementType == GgufValueType::Array)
        return readNestedArrays(value, depth);

    const qint64 bytes = value.m_size * smallest; // bounded by the bytes left
    if (*elementType == GgufValueType::Bool) {
        for (qint64 i = 0; i < value.m_size; ++i) {
            if (value.m_data[i] > 1) {
                return QStringLiteral("element ") % QString::number(i) % QStringLiteral(": BOOL value ")
                    % QString::number(value.m_data[i]) % QStringLiteral(" is neither 0 nor 1");
            }
        }
    }
    m_cursor.skip(bytes);
    return {};
}

QString GgufValueReader::readStringArray(GgufValue &value)
{
    if (value.m_size > m_stringsInArraysLeft) {
        return QStringLiteral("more than ") % QString::number(kMaxStringsInArrays)
            % QStringLiteral(" strings in arrays; the limit is ") % QString::number(kMaxStringsInArrays);
    }
    m_stringsInArraysLeft -= value.m_size;
    auto starts = std::make_shared<std::vector<qint64>>();
    starts->reserve(size_t(value.m_size)); // at most one per 8 bytes of the file, and capped above
    for (qint64 i = 0; i < value.m_size; ++i) {
        QByteArrayView bytes;
        const QString problem = readString(bytes);
        if (!problem.isEmpty())
            return QStringLiteral("element ") % QString::number(i) % QStringLiteral(": ") % problem;
        starts->push_back(reinterpret_cast<const uchar *>(bytes.data()) - value.m_data);
    }
    value.m_stringStarts = std::move(starts);
    return {};
}

QString GgufValueReader::readNestedArrays(GgufValue &value, int depth)
{
    if (value.m_size > m_nestedArraysLeft) {
        return QStringLiteral("more than ") % QString::number(kMaxNestedArrays)
            % QStringLiteral(" arrays inside arrays; the limit is ") % QString::number(kMaxNestedArrays);
    }
    m_nestedArraysLeft -= value.m_size;
    auto arrays = std::make_shared<std::vector<GgufValue>>();
    arrays->reserve(size_t(value.m_size)); // at most one per 12 bytes of the file, and capped above
    for (qint64 i = 0; i < value.m_size; ++i) {
        GgufValue element;
        const QString problem = readAt(GgufValueType::Array, element, depth + 1);
        if (!problem.isEmpty())
            return QStringLiteral("element ") % QString::number(i) % QStringLiteral(": ") % problem;
        arrays->push_back(std::move(element));
    }
    value.m_arrays = std::move(arrays);
    return {};
}

} // namespace attn::gguf

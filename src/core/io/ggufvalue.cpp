#include "ggufvalue.h"

#include <QStringBuilder>
#include <QStringDecoder>

#include <bit>
#include <cstring>
#include <limits>

namespace attn::gguf {

namespace {

struct TypeEntry
{
    GgufValueType type;
    const char *name;
    int bytes; // 0: variable (STRING, ARRAY)
};

constexpr TypeEntry kTypes[] = {
    {GgufValueType::UInt8, "UINT8", 1},     {GgufValueType::Int8, "INT8", 1},
    {GgufValueType::UInt16, "UINT16", 2},   {GgufValueType::Int16, "INT16", 2},
    {GgufValueType::UInt32, "UINT32", 4},   {GgufValueType::Int32, "INT32", 4},
    {GgufValueType::Float32, "FLOAT32", 4}, {GgufValueType::Bool, "BOOL", 1},
    {GgufValueType::String, "STRING", 0},   {GgufValueType::Array, "ARRAY", 0},
    {GgufValueType::UInt64, "UINT64", 8},   {GgufValueType::Int64, "INT64", 8},
    {GgufValueType::Float64, "FLOAT64", 8},
};

quint64 loadLittleEndian(const uchar *bytes, int count)
{
    quint64 value = 0;
    for (int i = 0; i < count; ++i)
        value |= quint64(bytes[i]) << (8 * i);
    return value;
}

// The integer that `bits` (the value's bytes, zero-extended) hold as `type`; nothing when a UINT64
// does not fit in qint64 or the type is not an integer.
std::optional<qint64> integerOf(GgufValueType type, quint64 bits)
{
    switch (type) {
    case GgufValueType::UInt8:
    case GgufValueType::UInt16:
    case GgufValueType::UInt32:
        return qint64(bits);
    case GgufValueType::Int8:
        return qint64(qint8(quint8(bits)));
    case GgufValueType::Int16:
        return qint64(qint16(quint16(bits)));
    case GgufValueType::Int32:
        return qint64(qint32(quint32(bits)));
    case GgufValueType::Int64:
        return qint64(bits);
    case GgufValueType::UInt64:
        if (bits > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        return qint64(bits);
    default:
        return std::nullopt;
    }
}

std::optional<double> realOf(GgufValueType type, quint64 bits)
{
    if (type == GgufValueType::Float32)
        return double(std::bit_cast<float>(quint32(bits)));
    if (type == GgufValueType::Float64)
        return std::bit_cast<double>(bits);
    return std::nullopt;
}

} // namespace

std::optional<GgufValueType> ggufValueTypeFromNumber(quint32 number)
{
    for (const TypeEntry &entry : kTypes) {
        if (quint32(entry.type) == number)
            return entry.type;
    }
    return std::nullopt;
}

QString ggufValueTypeName(GgufValueType type)
{
    for (const TypeEntry &entry : kTypes) {
        if (entry.type == type)
            return QLatin1String(entry.name);
    }
    return QStringLiteral("type %1").arg(quint32(type));
}

int fixedValueBytes(GgufValueType type)
{
    for (const TypeEntry &entry : kTypes) {
        if (entry.type == type)
            return entry.bytes;
    }
    return 0;
}

bool isIntegerType(GgufValueType type)
{
    switch (type) {
    case GgufValueType::UInt8:
    case GgufValueType::Int8:
    case GgufValueType::UInt16:
    case GgufValueType::Int16:
    case GgufValueType::UInt32:
    case GgufValueType::Int32:
    case GgufValueType::UInt64:
    case GgufValueType::Int64:
        return true;
    default:
        return false;
    }
}

bool isFloatType(GgufValueType type)
{
    return type == GgufValueType::Float32 || type == GgufValueType::Float64;
}

QString GgufValue::typeName() const
{
    if (m_type != GgufValueType::Array)
        return ggufValueTypeName(m_type);
    if (m_elementType == GgufValueType::Array && m_arrays && !m_arrays->empty())
        return QStringLiteral("ARRAY of ") % m_arrays->front().typeName();
    return QStringLiteral("ARRAY of ") % ggufValueTypeName(m_elementType);
}

std::optional<qint64> GgufValue::toInteger() const
{
    return integerOf(m_type, m_scalarBits);
}

std::optional<double> GgufValue::toReal() const
{
    return realOf(m_type, m_scalarBits);
}

std::optional<bool> GgufValue::toBool() const
{
    if (m_type != GgufValueType::Bool)
        return std::nullopt;
    return m_scalarBits != 0;
}

QByteArrayView GgufValue::stringBytes() const
{
    if (m_type != GgufValueType::String)
        return {};
    return QByteArrayView(reinterpret_cast<const char *>(m_data), m_size);
}

QString decodeGgufString(QByteArrayView utf8)
{
    // ConvertInitialBom: a leading U+FEFF is text here (Gemma 3's vocabulary has both "//" and
    // "\uFEFF//"); QString::fromUtf8 would take it for a byte-order mark and drop it.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    return decoder.decode(utf8);
}

QString GgufValue::toString() const
{
    return decodeGgufString(stringBytes());
}

std::optional<qint64> GgufValue::integerAt(qint64 i) const
{
    const int bytes = fixedValueBytes(m_elementType);
    return integerOf(m_elementType, loadLittleEndian(m_data + i * bytes, bytes));
}

double GgufValue::realAt(qint64 i) const
{
    const int bytes = fixedValueBytes(m_elementType);
    return realOf(m_elementType, loadLittleEndian(m_data + i * bytes, bytes)).value_or(0.0);
}

QByteArrayView GgufValue::stringBytesAt(qint64 i) const
{
    const qint64 start = (*m_stringStarts)[size_t(i)];
    const qint64 length = qint64(loadLittleEndian(m_data + start - 8, 8)); // validated when read
    return QByteArrayView(reinterpret_cast<const char *>(m_data + start), length);
}

const GgufValue &GgufValue::arrayAt(qint64 i) const
{
    return (*m_arrays)[size_t(i)];
}

} // namespace attn::gguf

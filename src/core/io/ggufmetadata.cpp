// GgufFile's typed metadata lookups: each names the file, the key, the type found and the type
// wanted, so the model layer can pass a message on as it is.
#include "gguffile.h"

#include <QStringBuilder>
#include <QStringList>

#include <algorithm>

namespace attn::gguf {

namespace {

bool isString(const GgufValue &value)
{
    return value.type() == GgufValueType::String;
}

bool isInteger(const GgufValue &value)
{
    return isIntegerType(value.type());
}

bool isFloat(const GgufValue &value)
{
    return isFloatType(value.type());
}

bool isBool(const GgufValue &value)
{
    return value.type() == GgufValueType::Bool;
}

bool isStringArray(const GgufValue &value)
{
    return value.type() == GgufValueType::Array && value.elementType() == GgufValueType::String;
}

bool isIntegerArray(const GgufValue &value)
{
    return value.type() == GgufValueType::Array && isIntegerType(value.elementType());
}

bool isFloat32Array(const GgufValue &value)
{
    return value.type() == GgufValueType::Array && value.elementType() == GgufValueType::Float32;
}

const QString kAnInteger = QStringLiteral("an integer (UINT8 ... INT64)");
const QString kAnIntegerArray = QStringLiteral("an ARRAY of integers (UINT8 ... INT64)");

} // namespace

Error GgufFile::keyError(QStringView key, const QString &problem) const
{
    QString shown = key.toString();
    if (shown.size() > 80)
        shown = shown.left(77) + QStringLiteral("...");
    return Error{m_displayName % QStringLiteral(": metadata key '") % shown % QStringLiteral("' ") % problem};
}

Expected<const GgufValue *> GgufFile::typedValue(QStringView key, bool (*accepts)(const GgufValue &),
                                                 const QString &expected) const
{
    const GgufValue *found = value(key);
    if (!found)
        return keyError(key, QStringLiteral("is missing"));
    if (!accepts(*found))
        return keyError(key, QStringLiteral("is ") % found->typeName() % QStringLiteral(", expected ") % expected);
    return found;
}

Expected<QString> GgufFile::string(QStringView key) const
{
    const Expected<const GgufValue *> found = typedValue(key, isString, QStringLiteral("STRING"));
    if (!found)
        return Error{found.error()};
    return (*found)->toString();
}

Expected<qint64> GgufFile::integer(QStringView key) const
{
    const Expected<const GgufValue *> found = typedValue(key, isInteger, kAnInteger);
    if (!found)
        return Error{found.error()};
    const std::optional<qint64> number = (*found)->toInteger();
    if (!number)
        return keyError(key, QStringLiteral("holds a UINT64 above 2^63 - 1"));
    return *number;
}

Expected<double> GgufFile::real(QStringView key) const
{
    const Expected<const GgufValue *> found = typedValue(key, isFloat, QStringLiteral("FLOAT32 or FLOAT64"));
    if (!found)
        return Error{found.error()};
    return *(*found)->toReal();
}

Expected<bool> GgufFile::boolean(QStringView key) const
{
    const Expected<const GgufValue *> found = typedValue(key, isBool, QStringLiteral("BOOL"));
    if (!found)
        return Error{found.error()};
    return *(*found)->toBool();
}

Expected<std::vector<QString>> GgufFile::stringArray(QStringView key) const
{
    const Expected<const GgufValue *> found = typedValue(key, isStringArray, QStringLiteral("ARRAY of STRING"));
    if (!found)
        return Error{found.error()};
    const GgufValue &array = **found;
    std::vector<QString> strings;
    strings.reserve(size_t(array.size()));
    for (qint64 i = 0; i < array.size(); ++i)
        strings.push_back(decodeGgufString(array.stringBytesAt(i)));
    return strings;
}

Expected<std::vector<qint64>> GgufFile::integerArray(QStringView key) const
{
    const Expected<const GgufValue *> found = typedValue(key, isIntegerArray, kAnIntegerArray);
    if (!found)
        return Error{found.error()};
    const GgufValue &array = **found;
    std::vector<qint64> numbers;
    numbers.reserve(size_t(array.size()));
    for (qint64 i = 0; i < array.size(); ++i) {
        const std::optional<qint64> number = array.integerAt(i);
        if (!number)
            return keyError(key, QStringLiteral("element ") % QString::number(i) % QStringLiteral(" is a UINT64 above 2^63 - 1"));
        numbers.push_back(*number);
    }
    return numbers;
}

Expected<std::vector<float>> GgufFile::floatArray(QStringView key) const
{
    const Expected<const GgufValue *> found = typedValue(key, isFloat32Array, QStringLiteral("ARRAY of FLOAT32"));
    if (!found)
        return Error{found.error()};
    const GgufValue &array = **found;
    std::vector<float> numbers;
    numbers.reserve(size_t(array.size()));
    for (qint64 i = 0; i < array.size(); ++i)
        numbers.push_back(float(array.realAt(i))); // FLOAT32 through double and back: exact
    return numbers;
}

} // namespace attn::gguf

namespace attn::gguf {

namespace {

// llama.cpp's llama_ftype values, as general.file_type stores them (the mostly-… naming dropped).
QString fileTypeName(qint64 fileType)
{
    static const std::pair<int, const char *> names[] = {
        {0, "F32"},     {1, "F16"},     {2, "Q4_0"},    {3, "Q4_1"},    {7, "Q8_0"},    {8, "Q5_0"},
        {9, "Q5_1"},    {10, "Q2_K"},   {11, "Q3_K_S"}, {12, "Q3_K_M"}, {13, "Q3_K_L"}, {14, "Q4_K_S"},
        {15, "Q4_K_M"}, {16, "Q5_K_S"}, {17, "Q5_K_M"}, {18, "Q6_K"},   {32, "BF16"}};
    for (const auto &[value, name] : names)
        if (fileType == value)
            return QLatin1String(name);
    return {};
}

} // namespace

QString GgufFile::storageSummary() const
{
    std::vector<std::pair<ggml::GgmlType, int>> counts;
    for (const GgufTensor &tensor : m_tensors) {
        auto found = std::find_if(counts.begin(), counts.end(), [&](const auto &entry) { return entry.first == tensor.type; });
        if (found == counts.end())
            counts.emplace_back(tensor.type, 1);
        else
            ++found->second;
    }
    std::stable_sort(counts.begin(), counts.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    QStringList parts;
    for (const auto &[type, count] : counts)
        parts << ggml::ggmlTypeName(type) % QStringLiteral(" ×") % QString::number(count);
    QString fileType;
    if (const Expected<qint64> value = integer(u"general.file_type"); value.ok())
        fileType = fileTypeName(*value);
    const QString list = parts.join(QStringLiteral(", "));
    return fileType.isEmpty() ? list : fileType % QStringLiteral(": ") % list;
}

} // namespace attn::gguf

#include "safetensorsfile.h"

#include "configobject.h"
#include "halffloat.h"
#include "mappedfile.h"

#include "jsonvalue.h"

#include <QDir>
#include <QStringDecoder>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <new>
#include <optional>
#include <tuple>

// The file stores little-endian values; F32 tensors are handed out as views of the file bytes.
static_assert(std::endian::native == std::endian::little, "safetensors views assume a little-endian host");

namespace attn::safetensors {

namespace {

// The reference implementation refuses headers above 100 MB (10^8 bytes) so that a file cannot make
// the reader parse an arbitrarily large JSON document; we use the same limit.
constexpr quint64 kMaxHeaderLength = 100'000'000;
// JSON numbers arrive as doubles; integers up to 2^53 are exact, and no real file has a dimension or
// an offset beyond that (it would be 9 PB).
constexpr double kMaxExactInteger = 9007199254740992.0; // 2^53
constexpr qsizetype kMaxQuotedLength = 80;
// Real checkpoints hold at most a few thousand tensors (GPT-2 XL: ~580). The bound keeps a header
// of a million empty tensors, which fits the header limit, from costing a gigabyte.
constexpr qsizetype kMaxTensors = 100'000;
// What one entry (a tensor, or "__metadata__") may hold: a tensor has ~10 values and a shape of a
// handful of dimensions; real metadata a few strings.
constexpr qsizetype kMaxValuesPerEntry = 10'000;
constexpr qsizetype kMaxNumbersPerEntry = 1'000;

using io::JsonNumber;
using io::JsonValue;

const QString kMetadataKey = QStringLiteral("__metadata__");

struct DTypeEntry
{
    DType dtype;
    const char *name;
    int size;
};

constexpr DTypeEntry kDTypes[] = {
    {DType::Bool, "BOOL", 1},      {DType::U8, "U8", 1},           {DType::I8, "I8", 1},
    {DType::U16, "U16", 2},        {DType::I16, "I16", 2},         {DType::F16, "F16", 2},
    {DType::BF16, "BF16", 2},      {DType::U32, "U32", 4},         {DType::I32, "I32", 4},
    {DType::F32, "F32", 4},        {DType::U64, "U64", 8},         {DType::I64, "I64", 8},
    {DType::F64, "F64", 8},        {DType::F8_E4M3, "F8_E4M3", 1}, {DType::F8_E5M2, "F8_E5M2", 1},
};

std::optional<DType> dtypeFromName(const QString &name)
{
    for (const DTypeEntry &entry : kDTypes) {
        if (name == QLatin1String(entry.name))
            return entry.dtype;
    }
    return std::nullopt;
}

// A name or key from the file as it appears in a message: quoted, and shortened, because a hostile
// header can hold megabyte-long names.
QString quoted(QStringView text)
{
    if (text.size() <= kMaxQuotedLength)
        return QLatin1Char('\'') % text % QLatin1Char('\'');
    return QLatin1Char('\'') % text.left(kMaxQuotedLength - 3) % QStringLiteral("...'");
}

QString shapeText(const std::vector<qint64> &shape)
{
    QString text = QStringLiteral("[");
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i > 0)
            text += QStringLiteral(", ");
        text += QString::number(shape[i]);
    }
    return text + QLatin1Char(']');
}

// What a JSON value is, for messages about values of the wrong kind.
QString describe(const JsonNumber &number)
{
    return QString::number(number.real, 'g', 17);
}

QString describeString(const QString &text)
{
    return QStringLiteral("the string ") % quoted(text);
}

QString describe(const JsonValue &value)
{
    return io::describeJsonValue(value, describeString);
}

// A shape dimension or a byte offset: a JSON number that is a whole number in [0, 2^53).
std::optional<qint64> nonNegativeInteger(const JsonNumber &value)
{
    const double number = value.real;
    if (!std::isfinite(number) || number < 0 || number >= kMaxExactInteger || std::floor(number) != number)
        return std::nullopt;
    return qint64(number);
}

// The format forbids duplicates; a reader that kept one of two would disagree with another on which
// entry counts. The strict JSON reader refuses them; this words its message for the header.
QString duplicateMessage(const io::JsonDuplicateKey &duplicate)
{
    if (duplicate.depth == 1)
        return QStringLiteral("duplicate tensor name ") % quoted(duplicate.key);
    if (duplicate.depth == 2 && duplicate.parentKey == kMetadataKey)
        return QStringLiteral("duplicate key ") % quoted(duplicate.key) % QStringLiteral(" in \"__metadata__\"");
    if (duplicate.depth == 2)
        return QStringLiteral("tensor ") % quoted(duplicate.parentKey) % QStringLiteral(": duplicate field ")
            % quoted(duplicate.key);
    return QStringLiteral("duplicate key ") % quoted(duplicate.key) % QStringLiteral(" inside ") % quoted(duplicate.parentKey);
}

// Checked a megabyte at a time: decoding a 100 MB header whole only to see whether it decodes
// held 200 MB of UTF-16. Chunks end before a lead byte, so no character is cut in two.
bool isUtf8(QByteArrayView bytes)
{
    constexpr qsizetype kChunk = 1 << 20;
    qsizetype begin = 0;
    while (begin < bytes.size()) {
        qsizetype end = std::min(bytes.size(), begin + kChunk);
        for (int back = 0; back < 3 && end < bytes.size() && end > begin + 1 && (uchar(bytes[end]) & 0xC0) == 0x80; ++back)
            --end;
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        [[maybe_unused]] const QString decoded = decoder.decode(bytes.sliced(begin, end - begin));
        if (decoder.hasError())
            return false;
        begin = end;
    }
    return true;
}

// Element `i` of a JSON array: number arrays are stored flat, other arrays as nodes.
std::optional<qint64> nonNegativeIntegerAt(const JsonValue &array, qsizetype i)
{
    if (array.isNumberArray())
        return nonNegativeInteger(array.numbers()[size_t(i)]);
    const JsonValue &item = array.items()[size_t(i)];
    if (!item.isNumber())
        return std::nullopt;
    return nonNegativeInteger(item.number());
}

QString describeAt(const JsonValue &array, qsizetype i)
{
    return array.isNumberArray() ? describe(array.numbers()[size_t(i)]) : describe(array.items()[size_t(i)]);
}

// Parses one tensor entry; `dataSize` bounds the offsets. Fails with the message (without the file
// name) for the first thing that is wrong.
Expected<TensorInfo> parseEntry(const QString &name, const JsonValue &entry, qint64 dataSize)
{
    const QString tensor = QStringLiteral("tensor ") % quoted(name) % QStringLiteral(": ");
    if (!entry.isObject())
        return Error{tensor % QStringLiteral("entry is ") % describe(entry) % QStringLiteral(", not a JSON object")};
    for (const char *field : {"dtype", "shape", "data_offsets"}) {
        if (!entry.find(QString::fromLatin1(field)))
            return Error{tensor % QStringLiteral("missing field \"") % QLatin1String(field) % QLatin1Char('"')};
    }

    TensorInfo info;
    info.name = name;

    const JsonValue &dtypeValue = *entry.find(u"dtype");
    if (!dtypeValue.isString())
        return Error{tensor % QStringLiteral("\"dtype\" is ") % describe(dtypeValue) % QStringLiteral(", not a string")};
    const std::optional<DType> dtype = dtypeFromName(dtypeValue.string());
    if (!dtype)
        return Error{tensor % QStringLiteral("unknown dtype ") % quoted(dtypeValue.string())};
    info.dtype = *dtype;

    const JsonValue &shapeArray = *entry.find(u"shape");
    if (!shapeArray.isArray())
        return Error{tensor % QStringLiteral("\"shape\" is ") % describe(shapeArray) % QStringLiteral(", not an array")};
    info.shape.reserve(size_t(shapeArray.size()));
    qint64 elements = 1;
    bool elementsOverflow = false;
    for (qsizetype i = 0; i < shapeArray.size(); ++i) {
        const std::optional<qint64> dimension = nonNegativeIntegerAt(shapeArray, i);
        if (!dimension) {
            return Error{tensor % QStringLiteral("shape[") % QString::number(i) % QStringLiteral("] is ")
                         % describeAt(shapeArray, i) % QStringLiteral(", not an integer in [0, 2^53)")};
        }
        info.shape.push_back(*dimension);
        elementsOverflow = __builtin_mul_overflow(elements, *dimension, &elements) || elementsOverflow;
    }
    // A zero dimension makes the product 0 even after an overflow, and such a tensor is legal.
    const bool empty = std::find(info.shape.begin(), info.shape.end(), 0) != info.shape.end();
    if (elementsOverflow && !empty) {
        return Error{tensor % QStringLiteral("shape ") % shapeText(info.shape)
                     % QStringLiteral(" has more elements than fit in 64 bits")};
    }
    if (empty)
        elements = 0;
    qint64 byteSize = 0;
    if (__builtin_mul_overflow(elements, qint64(dtypeSize(info.dtype)), &byteSize)) {
        return Error{tensor % QStringLiteral("shape ") % shapeText(info.shape) % QStringLiteral(" of ")
                     % dtypeName(info.dtype) % QStringLiteral(" needs more bytes than fit in 64 bits")};
    }

    const JsonValue &offsets = *entry.find(u"data_offsets");
    if (!offsets.isArray()) {
        return Error{tensor % QStringLiteral("\"data_offsets\" is ") % describe(offsets)
                     % QStringLiteral(", not an array of two integers [begin, end]")};
    }
    if (offsets.size() != 2) {
        return Error{tensor % QStringLiteral("\"data_offsets\" has ") % QString::number(offsets.size())
                     % QStringLiteral(" elements, not two integers [begin, end]")};
    }
    for (qsizetype i = 0; i < 2; ++i) {
        if (!nonNegativeIntegerAt(offsets, i)) {
            return Error{tensor % QStringLiteral("data_offsets[") % QString::number(i) % QStringLiteral("] is ")
                         % describeAt(offsets, i) % QStringLiteral(", not an integer in [0, 2^53)")};
        }
    }
    info.begin = *nonNegativeIntegerAt(offsets, 0);
    info.end = *nonNegativeIntegerAt(offsets, 1);
    const QString range = QLatin1Char('[') % QString::number(info.begin) % QStringLiteral(", ")
        % QString::number(info.end) % QLatin1Char(']');
    if (info.begin > info.end)
        return Error{tensor % QStringLiteral("data_offsets ") % range % QStringLiteral(" are reversed (begin > end)")};
    if (info.end > dataSize) {
        return Error{tensor % QStringLiteral("data_offsets ") % range % QStringLiteral(" run past the end of the data section (")
                     % QString::number(dataSize) % QStringLiteral(" bytes)")};
    }
    if (info.end - info.begin != byteSize) {
        return Error{tensor % QStringLiteral("data_offsets ") % range % QStringLiteral(" hold ")
                     % QString::number(info.end - info.begin) % QStringLiteral(" bytes, but shape ")
                     % shapeText(info.shape) % QStringLiteral(" of ") % dtypeName(info.dtype) % QStringLiteral(" needs ")
                     % QString::number(byteSize) % QStringLiteral(" bytes")};
    }
    return info;
}

Expected<QMap<QString, QString>> parseMetadata(const JsonValue &value)
{
    if (!value.isObject())
        return Error{QStringLiteral("\"__metadata__\" is ") % describe(value) % QStringLiteral(", not a JSON object")};
    QMap<QString, QString> metadata;
    for (size_t i = 0; i < value.keys().size(); ++i) {
        const QString &key = value.keys()[i];
        const JsonValue &item = value.values()[i];
        if (!item.isString()) {
            return Error{QStringLiteral("\"__metadata__\" value of key ") % quoted(key) % QStringLiteral(" is ")
                         % describe(item) % QStringLiteral(", not a string")};
        }
        metadata.insert(key, item.string());
    }
    return metadata;
}

// The format requires the tensors' byte ranges to cover the data section exactly: no byte shared
// (two names aliasing one buffer) and no byte unaccounted for (hidden data, polyglot files).
// `tensors` must be sorted by (begin, end).
QString tilingProblem(const std::vector<TensorInfo> &tensors, qint64 dataSize)
{
    qint64 cursor = 0;
    const TensorInfo *previous = nullptr;
    for (const TensorInfo &tensor : tensors) {
        if (tensor.begin < cursor) {
            return QStringLiteral("tensors ") % quoted(previous->name) % QStringLiteral(" [")
                % QString::number(previous->begin) % QStringLiteral(", ") % QString::number(previous->end)
                % QStringLiteral(") and ") % quoted(tensor.name) % QStringLiteral(" [") % QString::number(tensor.begin)
                % QStringLiteral(", ") % QString::number(tensor.end) % QStringLiteral(") overlap");
        }
        if (tensor.begin > cursor) {
            return QStringLiteral("bytes [") % QString::number(cursor) % QStringLiteral(", ")
                % QString::number(tensor.begin) % QStringLiteral(") of the data section before tensor ")
                % quoted(tensor.name) % QStringLiteral(" belong to no tensor (a gap)");
        }
        cursor = tensor.end;
        previous = &tensor;
    }
    if (tensors.empty() && dataSize > 0) {
        return QStringLiteral("the header lists no tensors, but the data section holds ") % QString::number(dataSize)
            % QStringLiteral(" bytes");
    }
    if (cursor != dataSize) {
        return QString::number(dataSize - cursor) % QStringLiteral(" trailing bytes [") % QString::number(cursor)
            % QStringLiteral(", ") % QString::number(dataSize)
            % QStringLiteral(") after the last tensor belong to no tensor");
    }
    return {};
}

} // namespace

int dtypeSize(DType dtype)
{
    for (const DTypeEntry &entry : kDTypes) {
        if (entry.dtype == dtype)
            return entry.size;
    }
    return 0;
}

QString dtypeName(DType dtype)
{
    for (const DTypeEntry &entry : kDTypes) {
        if (entry.dtype == dtype)
            return QLatin1String(entry.name);
    }
    return QStringLiteral("?");
}

qint64 TensorInfo::elementCount() const
{
    // Validated at load: the product fits (it equals the byte range divided by the dtype size).
    qint64 count = 1;
    for (qint64 dimension : shape)
        count *= dimension;
    return count;
}

qint64 FloatTensor::elementCount() const
{
    qint64 count = 1;
    for (qint64 dimension : shape)
        count *= dimension;
    return count;
}

qint64 nonFiniteCount(const FloatTensor &tensor)
{
    // Bit test instead of std::isfinite so that the count stays right under -ffast-math.
    qint64 count = 0;
    const qint64 n = tensor.elementCount();
    for (qint64 i = 0; i < n; ++i) {
        if ((std::bit_cast<std::uint32_t>(tensor.data[i]) & 0x7F800000u) == 0x7F800000u)
            ++count;
    }
    return count;
}

Expected<SafetensorsFile> SafetensorsFile::open(const QString &path)
{
    Expected<std::shared_ptr<const MappedFile>> mapped = MappedFile::map(path);
    if (!mapped)
        return Error{mapped.error()};
    return parse(std::move(mapped).value(), QDir::toNativeSeparators(path));
}

Expected<SafetensorsFile> SafetensorsFile::fromMemory(QByteArray bytes, const QString &displayName)
{
    return parse(MappedFile::fromBytes(std::move(bytes)), displayName);
}

Expected<SafetensorsFile> SafetensorsFile::parse(std::shared_ptr<const MappedFile> bytes, const QString &displayName)
{
    const auto fail = [&](const QString &problem) { return Error{displayName % QStringLiteral(": ") % problem}; };

    const qint64 fileSize = bytes->size();
    if (fileSize < 8) {
        return fail(QStringLiteral("file is ") % QString::number(fileSize)
                    % QStringLiteral(" bytes, shorter than 8 bytes (the header length); not a safetensors file"));
    }
    quint64 headerLength = 0;
    for (int i = 7; i >= 0; --i)
        headerLength = (headerLength << 8) | bytes->data()[i];
    if (headerLength > kMaxHeaderLength) {
        return fail(QStringLiteral("header length ") % QString::number(headerLength) % QStringLiteral(" exceeds the limit of ")
                    % QString::number(kMaxHeaderLength) % QStringLiteral(" bytes; not a safetensors file"));
    }
    if (qint64(headerLength) > fileSize - 8) {
        return fail(QStringLiteral("header length ") % QString::number(headerLength)
                    % QStringLiteral(" runs past the end of the file (") % QString::number(fileSize)
                    % QStringLiteral(" bytes); the file is truncated or not a safetensors file"));
    }
    const QByteArrayView headerBytes(reinterpret_cast<const char *>(bytes->data()) + 8, qsizetype(headerLength));
    const qint64 dataStart = 8 + qint64(headerLength);
    const qint64 dataSize = fileSize - dataStart;

    if (!isUtf8(headerBytes))
        return fail(QStringLiteral("header is not valid UTF-8"));
    // The format requires the JSON to begin right away with '{' (trailing spaces are allowed: writers
    // pad the header so that the data section starts 8-byte aligned).
    if (headerBytes.isEmpty())
        return fail(QStringLiteral("header is not a JSON object (it is empty)"));
    if (headerBytes.front() != '{')
        return fail(QStringLiteral("header is not a JSON object (it must start with '{')"));

    // Entry by entry through the strict reader: a tree of a 100 MB header would cost gigabytes,
    // and only the TensorInfo of each entry is kept.
    SafetensorsFile file;
    file.m_displayName = displayName;
    io::JsonMemberReader reader;
    reader.limits.maxValues = kMaxValuesPerEntry;
    reader.limits.maxArrayNumbers = kMaxNumbersPerEntry;
    reader.describeDuplicate = duplicateMessage;
    reader.onMember = [&](QString &&key, JsonValue &&value) -> QString {
        if (key == kMetadataKey) {
            Expected<QMap<QString, QString>> metadata = parseMetadata(value);
            if (!metadata)
                return fail(metadata.error()).message;
            file.m_metadata = std::move(metadata).value();
            return {};
        }
        if (qsizetype(file.m_tensors.size()) >= kMaxTensors) {
            return fail(QStringLiteral("the header lists more than ") % QString::number(kMaxTensors)
                        % QStringLiteral(" tensors; the limit is ") % QString::number(kMaxTensors)).message;
        }
        Expected<TensorInfo> tensor = parseEntry(key, value, dataSize);
        if (!tensor)
            return fail(tensor.error()).message;
        file.m_tensors.push_back(std::move(tensor).value());
        return {};
    };
    const Expected<qsizetype> members = io::readJsonMembers(headerBytes, displayName % QStringLiteral(": header"), reader);
    if (!members)
        return Error{members.error()};

    std::sort(file.m_tensors.begin(), file.m_tensors.end(), [](const TensorInfo &a, const TensorInfo &b) {
        return std::tie(a.begin, a.end, a.name) < std::tie(b.begin, b.end, b.name);
    });
    const QString tiling = tilingProblem(file.m_tensors, dataSize);
    if (!tiling.isEmpty())
        return fail(tiling);

    file.m_byName.resize(file.m_tensors.size());
    for (size_t i = 0; i < file.m_byName.size(); ++i)
        file.m_byName[i] = int(i);
    std::sort(file.m_byName.begin(), file.m_byName.end(),
              [&](int a, int b) { return file.m_tensors[size_t(a)].name < file.m_tensors[size_t(b)].name; });

    file.m_bytes = std::move(bytes);
    file.m_dataStart = dataStart;
    return file;
}

const QString &SafetensorsFile::displayName() const
{
    return m_displayName;
}

const std::vector<TensorInfo> &SafetensorsFile::tensors() const
{
    return m_tensors;
}

const TensorInfo *SafetensorsFile::find(QStringView name) const
{
    const auto it = std::lower_bound(m_byName.begin(), m_byName.end(), name,
                                     [&](int index, QStringView key) { return QStringView(m_tensors[size_t(index)].name) < key; });
    if (it == m_byName.end() || m_tensors[size_t(*it)].name != name)
        return nullptr;
    return &m_tensors[size_t(*it)];
}

const QMap<QString, QString> &SafetensorsFile::metadata() const
{
    return m_metadata;
}

qint64 SafetensorsFile::fileSize() const
{
    return m_bytes ? m_bytes->size() : 0;
}

const uchar *SafetensorsFile::tensorBytes(const TensorInfo &tensor) const
{
    return m_bytes->data() + m_dataStart + tensor.begin;
}

Expected<FloatTensor> SafetensorsFile::floatTensor(QStringView name) const
{
    const TensorInfo *info = find(name);
    if (info == nullptr)
        return Error{m_displayName % QStringLiteral(": no tensor named ") % quoted(name)};

    FloatTensor tensor;
    tensor.shape = info->shape;
    const qint64 count = info->elementCount();
    const uchar *source = tensorBytes(*info);

    if (info->dtype == DType::F32) {
        // The usual case: a view of the mapped file, no copy. Writers pad the header so that the
        // data section starts 8-byte aligned, and the mapping itself is page-aligned. A hand-made
        // file may not be padded; reading a float through a misaligned pointer is undefined
        // behaviour in C++ (and vectorised Eigen code may rely on the alignment), so such a
        // tensor is copied into aligned storage instead.
        if (reinterpret_cast<std::uintptr_t>(source) % alignof(float) == 0) {
            tensor.data = reinterpret_cast<const float *>(source);
            tensor.keepAlive = m_bytes;
            return tensor;
        }
    } else if (info->dtype != DType::F16 && info->dtype != DType::BF16) {
        return Error{m_displayName % QStringLiteral(": tensor ") % quoted(info->name) % QStringLiteral(" has dtype ")
                     % dtypeName(info->dtype) % QStringLiteral("; only F32, F16 and BF16 tensors can be read as floats")};
    }

    // The count is bounded by the file's own bytes (validated at load), but a large tensor can still
    // exceed free memory: report that instead of terminating.
    std::shared_ptr<float[]> converted(new (std::nothrow) float[size_t(std::max<qint64>(count, 1))]);
    if (!converted) {
        return Error{m_displayName % QStringLiteral(": tensor ") % quoted(info->name)
                     % QStringLiteral(": out of memory converting ") % QString::number(count) % QStringLiteral(" values")};
    }
    switch (info->dtype) {
    case DType::F32:
        std::memcpy(converted.get(), source, size_t(count) * sizeof(float));
        break;
    case DType::F16:
        halfToFloat(source, converted.get(), count);
        break;
    default:
        bfloat16ToFloat(source, converted.get(), count);
        break;
    }
    tensor.data = converted.get();
    tensor.keepAlive = std::move(converted);
    return tensor;
}

} // namespace attn::safetensors

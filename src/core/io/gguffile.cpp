#include "gguffile.h"

#include "bytecursor.h"
#include "ggmlquant.h"
#include "ggufvaluereader.h"
#include "mappedfile.h"

#include <QDir>
#include <QStringBuilder>
#include <QStringDecoder>

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>

namespace attn::gguf {

namespace {

constexpr quint32 kOldestVersion = 2; // version 1 counted with u32 and is gone from llama.cpp
constexpr quint32 kNewestVersion = 3;
constexpr qint64 kHeaderBytes = 24;  // magic, version, tensor count, metadata count
constexpr qint64 kDefaultAlignment = 32;
// Real files hold 20-60 metadata entries and a few hundred to a few thousand tensors.
constexpr quint64 kMaxMetadataEntries = 65'536;
constexpr quint64 kMaxTensors = 100'000;
constexpr quint64 kMaxKeyBytes = 65'535;   // the specification's limit
constexpr quint64 kMaxTensorNameBytes = 64; // ggml's GGML_MAX_NAME
constexpr quint32 kMaxDimensions = 4;       // GGML_MAX_DIMS
// The smallest metadata entry (a key of one byte: its length, the byte, a u32 type, a UINT8) and
// the smallest tensor info (an empty name, no dimensions, type, offset), to bound the counts.
constexpr qint64 kSmallestEntryBytes = 8 + 1 + 4 + 1;
constexpr qint64 kSmallestTensorInfoBytes = 8 + 4 + 4 + 8;
constexpr qsizetype kMaxQuotedLength = 80;
const QString kAlignmentKey = QStringLiteral("general.alignment");

// A key or name from the file in a message: quoted and shortened (a key may be 64 KB long).
QString quoted(QStringView text)
{
    if (text.size() <= kMaxQuotedLength)
        return QLatin1Char('\'') % text % QLatin1Char('\'');
    return QLatin1Char('\'') % text.left(kMaxQuotedLength - 3) % QStringLiteral("...'");
}

std::optional<QString> decodeUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

QString dimsText(const std::vector<qint64> &dims)
{
    QString text = QStringLiteral("[");
    for (size_t i = 0; i < dims.size(); ++i)
        text += (i ? QStringLiteral(", ") : QString()) % QString::number(dims[i]);
    return text + QLatin1Char(']');
}

bool isPowerOfTwo(quint64 value)
{
    return value != 0 && (value & (value - 1)) == 0;
}

// Indices of `items` sorted by `nameOf`; the first duplicate name, if any, in `duplicate`.
template<typename Item, typename NameOf>
std::vector<int> sortedByName(const std::vector<Item> &items, NameOf nameOf, const QString **duplicate)
{
    std::vector<int> order(items.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return nameOf(items[size_t(a)]) < nameOf(items[size_t(b)]); });
    *duplicate = nullptr;
    for (size_t i = 1; i < order.size(); ++i) {
        if (nameOf(items[size_t(order[i])]) == nameOf(items[size_t(order[i - 1])])) {
            *duplicate = &nameOf(items[size_t(order[i])]);
            break;
        }
    }
    return order;
}

// Index into `order` (sorted by name) of `name`, or -1.
template<typename Item, typename NameOf>
int findByName(const std::vector<Item> &items, const std::vector<int> &order, NameOf nameOf, QStringView name)
{
    const auto it = std::lower_bound(order.begin(), order.end(), name,
                                     [&](int index, QStringView key) { return QStringView(nameOf(items[size_t(index)])) < key; });
    if (it == order.end() || nameOf(items[size_t(*it)]) != name)
        return -1;
    return *it;
}

const QString &keyOf(const GgufMetadataEntry &entry)
{
    return entry.key;
}

const QString &nameOf(const GgufTensor &tensor)
{
    return tensor.name;
}

// One tensor info at the cursor; its offset and size are checked against the data section later,
// once the alignment and the section's start are known. Empty on success.
QString readTensorInfo(io::ByteCursor &cursor, GgufValueReader &reader, GgufTensor &tensor, qint64 index)
{
    const QString which = QStringLiteral("tensor ") % QString::number(index);
    QByteArrayView nameBytes;
    QString problem = reader.readString(nameBytes);
    if (!problem.isEmpty())
        return which % QStringLiteral(": name: ") % problem;
    const std::optional<QString> name = decodeUtf8(nameBytes);
    if (!name)
        return which % QStringLiteral(": name is not valid UTF-8");
    tensor.name = *name;
    const QString named = QStringLiteral("tensor ") % quoted(tensor.name) % QStringLiteral(": ");
    if (quint64(nameBytes.size()) > kMaxTensorNameBytes) {
        return named % QStringLiteral("name of ") % QString::number(nameBytes.size())
            % QStringLiteral(" bytes is longer than ggml's limit of ") % QString::number(kMaxTensorNameBytes);
    }

    quint32 dimensionCount = 0;
    if (!cursor.read(dimensionCount))
        return named % QStringLiteral("the file ends before its dimension count");
    if (dimensionCount > kMaxDimensions) {
        return named % QString::number(dimensionCount) % QStringLiteral(" dimensions; ggml has at most ")
            % QString::number(kMaxDimensions);
    }
    // The product of the nonzero dimensions must fit: then every partial product does (row counts),
    // even of a tensor that a zero dimension leaves empty.
    qint64 elements = 1;
    bool overflow = false;
    for (quint32 d = 0; d < dimensionCount; ++d) {
        quint64 dimension = 0;
        if (!cursor.read(dimension))
            return named % QStringLiteral("the file ends inside its dimensions");
        if (dimension > quint64(std::numeric_limits<qint64>::max())) {
            return named % QStringLiteral("dimension ") % QString::number(d) % QStringLiteral(" is ")
                % QString::number(dimension) % QStringLiteral(", above 2^63 - 1");
        }
        tensor.dims.push_back(qint64(dimension));
        if (dimension != 0)
            overflow = __builtin_mul_overflow(elements, qint64(dimension), &elements) || overflow;
    }
    const bool empty = std::find(tensor.dims.begin(), tensor.dims.end(), 0) != tensor.dims.end();
    if (overflow) {
        return named % QStringLiteral("dimensions ") % dimsText(tensor.dims)
            % QStringLiteral(" have more values than fit in 64 bits");
    }

    quint32 typeNumber = 0;
    if (!cursor.read(typeNumber))
        return named % QStringLiteral("the file ends before its type");
    const std::optional<ggml::GgmlType> type = ggml::ggmlTypeFromNumber(typeNumber);
    if (!type)
        return named % QStringLiteral("unknown ggml type ") % QString::number(typeNumber);
    tensor.type = *type;

    // Bytes: whole blocks along the row, times the rows; both steps overflow-checked.
    const std::optional<qint64> rowBytes = ggml::byteCount(tensor.type, tensor.rowLength());
    if (!rowBytes) {
        if (tensor.rowLength() % ggml::blockSize(tensor.type) != 0) {
            return named % QStringLiteral("row length ") % QString::number(tensor.rowLength())
                % QStringLiteral(" is not a whole number of ") % ggml::ggmlTypeName(tensor.type) % QStringLiteral(" blocks of ")
                % QString::number(ggml::blockSize(tensor.type)) % QStringLiteral(" values");
        }
        return named % QStringLiteral("a row of ") % QString::number(tensor.rowLength()) % QStringLiteral(" values of ")
            % ggml::ggmlTypeName(tensor.type) % QStringLiteral(" needs more bytes than fit in 64 bits");
    }
    if (__builtin_mul_overflow(*rowBytes, empty ? 0 : tensor.rowCount(), &tensor.byteSize)) {
        return named % QStringLiteral("dimensions ") % dimsText(tensor.dims) % QStringLiteral(" of ")
            % ggml::ggmlTypeName(tensor.type) % QStringLiteral(" need more bytes than fit in 64 bits");
    }

    quint64 offset = 0;
    if (!cursor.read(offset))
        return named % QStringLiteral("the file ends before its offset");
    if (offset > quint64(std::numeric_limits<qint64>::max()))
        return named % QStringLiteral("offset ") % QString::number(offset) % QStringLiteral(" is above 2^63 - 1");
    tensor.offset = qint64(offset);
    return {};
}

// The tensors' ranges in the data section: aligned, inside it, not overlapping. Empty when fine.
QString layoutProblem(const std::vector<GgufTensor> &tensors, qint64 alignment, qint64 dataSize)
{
    std::vector<const GgufTensor *> byOffset;
    byOffset.reserve(tensors.size());
    for (const GgufTensor &tensor : tensors) {
        const QString named = QStringLiteral("tensor ") % quoted(tensor.name) % QStringLiteral(": ");
        if (tensor.offset % alignment != 0) {
            return named % QStringLiteral("offset ") % QString::number(tensor.offset)
                % QStringLiteral(" is not a multiple of the alignment ") % QString::number(alignment);
        }
        if (tensor.offset > dataSize || tensor.byteSize > dataSize - tensor.offset) {
            return named % QString::number(tensor.byteSize) % QStringLiteral(" bytes at offset ")
                % QString::number(tensor.offset) % QStringLiteral(" (dimensions ") % dimsText(tensor.dims)
                % QStringLiteral(" of ") % ggml::ggmlTypeName(tensor.type)
                % QStringLiteral(") run past the end of the data section (") % QString::number(dataSize)
                % QStringLiteral(" bytes)");
        }
        if (tensor.byteSize > 0)
            byOffset.push_back(&tensor);
    }
    std::sort(byOffset.begin(), byOffset.end(), [](const GgufTensor *a, const GgufTensor *b) { return a->offset < b->offset; });
    for (size_t i = 1; i < byOffset.size(); ++i) {
        const GgufTensor &previous = *byOffset[i - 1];
        const GgufTensor &tensor = *byOffset[i];
        if (tensor.offset < previous.offset + previous.byteSize) {
            return QStringLiteral("tensors ") % quoted(previous.name) % QStringLiteral(" [") % QString::number(previous.offset)
                % QStringLiteral(", ") % QString::number(previous.offset + previous.byteSize) % QStringLiteral(") and ")
                % quoted(tensor.name) % QStringLiteral(" [") % QString::number(tensor.offset) % QStringLiteral(", ")
                % QString::number(tensor.offset + tensor.byteSize) % QStringLiteral(") overlap");
        }
    }
    return {};
}

} // namespace

qint64 GgufTensor::elementCount() const
{
    qint64 count = 1; // validated at load: the product fits
    for (qint64 dimension : dims)
        count *= dimension;
    return count;
}

qint64 GgufTensor::rowCount() const
{
    qint64 count = 1;
    for (size_t d = 1; d < dims.size(); ++d)
        count *= dims[d];
    return count;
}

qint64 GgufTensor::rowBytes() const
{
    return ggml::byteCount(type, rowLength()).value_or(0);
}

std::vector<qint64> GgufTensor::shape() const
{
    return std::vector<qint64>(dims.rbegin(), dims.rend());
}

Expected<GgufFile> GgufFile::open(const QString &path)
{
    Expected<std::shared_ptr<const MappedFile>> mapped = MappedFile::map(path);
    if (!mapped)
        return Error{mapped.error()};
    return parse(std::move(mapped).value(), QDir::toNativeSeparators(path));
}

Expected<GgufFile> GgufFile::fromMemory(QByteArray bytes, const QString &displayName)
{
    return parse(MappedFile::fromBytes(std::move(bytes)), displayName);
}

Expected<GgufFile> GgufFile::parse(std::shared_ptr<const MappedFile> bytes, const QString &displayName)
{
    const auto fail = [&](const QString &problem) { return Error{displayName % QStringLiteral(": ") % problem}; };
    const qint64 fileSize = bytes->size();
    io::ByteCursor cursor(bytes->data(), fileSize);
    GgufValueReader reader(cursor);

    if (fileSize < 4 || std::memcmp(bytes->data(), "GGUF", 4) != 0)
        return fail(QStringLiteral("not a GGUF file (it does not start with \"GGUF\")"));
    cursor.skip(4);
    GgufFile file;
    file.m_displayName = displayName;
    quint64 tensorCount = 0;
    quint64 entryCount = 0;
    if (!cursor.read(file.m_version) || !cursor.read(tensorCount) || !cursor.read(entryCount)) {
        return fail(QStringLiteral("file is ") % QString::number(fileSize) % QStringLiteral(" bytes, shorter than the ")
                    % QString::number(kHeaderBytes) % QStringLiteral("-byte GGUF header; it is truncated"));
    }
    if (file.m_version < kOldestVersion || file.m_version > kNewestVersion) {
        if ((file.m_version & 0xFFFF) == 0 && file.m_version != 0)
            return fail(QStringLiteral("GGUF version ") % QString::number(file.m_version)
                        % QStringLiteral(" reads as a big-endian file; only little-endian files are supported"));
        return fail(QStringLiteral("GGUF version ") % QString::number(file.m_version)
                    % QStringLiteral(" is not supported (versions 2 and 3 are)"));
    }

    // Counts against their caps and against the bytes left, before anything is reserved.
    if (entryCount > kMaxMetadataEntries) {
        return fail(QStringLiteral("the header claims ") % QString::number(entryCount)
                    % QStringLiteral(" metadata entries; the limit is ") % QString::number(kMaxMetadataEntries));
    }
    if (tensorCount > kMaxTensors) {
        return fail(QStringLiteral("the header claims ") % QString::number(tensorCount) % QStringLiteral(" tensors; the limit is ")
                    % QString::number(kMaxTensors));
    }
    if (qint64(entryCount) * kSmallestEntryBytes + qint64(tensorCount) * kSmallestTensorInfoBytes > cursor.remaining()) {
        return fail(QStringLiteral("the header claims ") % QString::number(entryCount) % QStringLiteral(" metadata entries and ")
                    % QString::number(tensorCount) % QStringLiteral(" tensors, more than the remaining ")
                    % QString::number(cursor.remaining()) % QStringLiteral(" bytes can hold; the file is truncated"));
    }

    file.m_metadata.reserve(size_t(entryCount));
    for (quint64 i = 0; i < entryCount; ++i) {
        const QString which = QStringLiteral("metadata entry ") % QString::number(i);
        QByteArrayView keyBytes;
        QString problem = reader.readString(keyBytes);
        if (!problem.isEmpty())
            return fail(which % QStringLiteral(": key: ") % problem);
        if (quint64(keyBytes.size()) > kMaxKeyBytes) {
            return fail(which % QStringLiteral(": key of ") % QString::number(keyBytes.size())
                        % QStringLiteral(" bytes is longer than the limit of ") % QString::number(kMaxKeyBytes));
        }
        const std::optional<QString> key = decodeUtf8(keyBytes);
        if (!key)
            return fail(which % QStringLiteral(": key is not valid UTF-8"));
        const QString named = QStringLiteral("metadata key ") % quoted(*key) % QStringLiteral(": ");
        quint32 typeNumber = 0;
        if (!cursor.read(typeNumber))
            return fail(named % QStringLiteral("the file ends before its value type"));
        const std::optional<GgufValueType> type = ggufValueTypeFromNumber(typeNumber);
        if (!type)
            return fail(named % QStringLiteral("unknown value type ") % QString::number(typeNumber));
        GgufMetadataEntry entry{*key, {}};
        problem = reader.read(*type, entry.value);
        if (!problem.isEmpty())
            return fail(named % problem);
        file.m_metadata.push_back(std::move(entry));
    }
    const QString *duplicate = nullptr;
    file.m_metadataByKey = sortedByName(file.m_metadata, keyOf, &duplicate);
    if (duplicate)
        return fail(QStringLiteral("duplicate metadata key ") % quoted(*duplicate));

    if (const GgufValue *alignment = file.value(kAlignmentKey)) {
        if (alignment->type() != GgufValueType::UInt32)
            return Error{file.keyError(kAlignmentKey, QStringLiteral("is ") % alignment->typeName() % QStringLiteral(", expected UINT32")).message};
        const quint64 value = quint64(*alignment->toInteger());
        if (!isPowerOfTwo(value)) {
            return Error{file.keyError(kAlignmentKey, QStringLiteral("alignment ") % QString::number(value)
                                                         % QStringLiteral(" is not a power of two")).message};
        }
        file.m_alignment = qint64(value);
    } else {
        file.m_alignment = kDefaultAlignment;
    }

    file.m_tensors.reserve(size_t(tensorCount));
    for (quint64 i = 0; i < tensorCount; ++i) {
        GgufTensor tensor;
        const QString problem = readTensorInfo(cursor, reader, tensor, qint64(i));
        if (!problem.isEmpty())
            return fail(problem);
        file.m_tensors.push_back(std::move(tensor));
    }
    file.m_tensorsByName = sortedByName(file.m_tensors, nameOf, &duplicate);
    if (duplicate)
        return fail(QStringLiteral("duplicate tensor name ") % quoted(*duplicate));

    // The data section starts at the next multiple of the alignment (at most 2^32: no overflow).
    const qint64 infosEnd = cursor.position();
    file.m_dataOffset = (infosEnd + file.m_alignment - 1) / file.m_alignment * file.m_alignment;
    if (file.m_dataOffset > fileSize && !file.m_tensors.empty()) {
        return fail(QStringLiteral("the data section would start at byte ") % QString::number(file.m_dataOffset)
                    % QStringLiteral(", past the end of the file (") % QString::number(fileSize) % QStringLiteral(" bytes)"));
    }
    const qint64 dataSize = std::max<qint64>(0, fileSize - file.m_dataOffset);
    const QString layout = layoutProblem(file.m_tensors, file.m_alignment, dataSize);
    if (!layout.isEmpty())
        return fail(layout);

    file.m_bytes = std::move(bytes);
    return file;
}

qint64 GgufFile::fileSize() const
{
    return m_bytes ? m_bytes->size() : 0;
}

const GgufValue *GgufFile::value(QStringView key) const
{
    const int index = findByName(m_metadata, m_metadataByKey, keyOf, key);
    return index < 0 ? nullptr : &m_metadata[size_t(index)].value;
}

const GgufTensor *GgufFile::tensor(QStringView name) const
{
    const int index = findByName(m_tensors, m_tensorsByName, nameOf, name);
    return index < 0 ? nullptr : &m_tensors[size_t(index)];
}

QByteArrayView GgufFile::tensorBytes(const GgufTensor &tensor) const
{
    return QByteArrayView(reinterpret_cast<const char *>(m_bytes->data() + m_dataOffset + tensor.offset), tensor.byteSize);
}

Expected<std::vector<float>> GgufFile::dequantizeRows(const GgufTensor &tensor, qint64 firstRow, qint64 rowCount) const
{
    const QString named = m_displayName % QStringLiteral(": tensor ") % quoted(tensor.name) % QStringLiteral(": ");
    const QString problem = ggml::dequantizationProblem(tensor.type, tensor.rowLength());
    if (!problem.isEmpty())
        return Error{named % problem};
    if (firstRow < 0 || rowCount < 0 || firstRow > tensor.rowCount() || rowCount > tensor.rowCount() - firstRow) {
        return Error{named % QStringLiteral("rows [") % QString::number(firstRow) % QStringLiteral(", +")
                     % QString::number(rowCount) % QStringLiteral(") are not inside its ") % QString::number(tensor.rowCount())
                     % QStringLiteral(" rows")};
    }
    std::vector<float> values;
    try {
        values.resize(size_t(rowCount * tensor.rowLength())); // bounded by the file's own bytes
    } catch (const std::bad_alloc &) {
        return Error{named % QStringLiteral("out of memory for ") % QString::number(rowCount * tensor.rowLength())
                     % QStringLiteral(" values")};
    }
    const uchar *rows = reinterpret_cast<const uchar *>(tensorBytes(tensor).data());
    const qint64 rowBytes = tensor.rowBytes();
    for (qint64 r = 0; r < rowCount; ++r)
        ggml::dequantizeRow(tensor.type, rows + (firstRow + r) * rowBytes, values.data() + r * tensor.rowLength(), tensor.rowLength());
    return values;
}

} // namespace attn::gguf

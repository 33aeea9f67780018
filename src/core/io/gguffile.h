#pragma once

#include "core/expected.h"
#include "ggmltype.h"
#include "ggufvalue.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

#include <memory>
#include <vector>

// Reader of GGUF files (versions 2 and 3), the single-file format of llama.cpp, Ollama and LM
// Studio (ggml's docs/gguf.md):
//   "GGUF", u32 version, u64 tensor count, u64 metadata count,
//   metadata: key (u64 length + UTF-8), u32 value type, value (numbers, bools, strings, arrays),
//   tensor infos: name, u32 dimension count (<= 4), u64 dimensions (ggml order: the first is the
//   row length), u32 ggml type, u64 offset into the data section,
//   padding to `general.alignment` (u32, default 32), the data section.
// The file is memory-mapped; nothing is copied whole. Every claim is validated inside open()
// before anything is used, so a GgufFile that exists is consistent: counts and lengths fit in the
// bytes that are left (nothing is reserved for what the file merely claims), every tensor's byte
// range is aligned, inside the file and overlaps no other, its byte count is its dimensions' product
// (overflow-checked: more than 2^32 values is fine, more than 2^63 is refused) in whole blocks of
// its type. Refused as well: versions 1 and above 3 (and big-endian files), unknown value and ggml
// types, duplicate keys and tensor names, an alignment that is not a power of two or not a UINT32,
// keys above 65,535 bytes and names above 64 (ggml's limits), more than 65,536 metadata entries or
// 100,000 tensors, and the budgets of ggufvaluereader.h. Messages name the file and the key or
// tensor.
//
// What the metadata means (architectures, the tokenizer) is the model layer's business; this reader
// hands out typed values, tensors' types, dimensions and bytes, and dequantised rows.
namespace attn {
class MappedFile;
}

namespace attn::gguf {

struct GgufTensor
{
    QString name;
    ggml::GgmlType type = ggml::GgmlType::F32;
    // As the file lists them, ggml's order: dims[0] is the row length (values stored next to each
    // other), dims[1] the number of rows of a matrix. A weight PyTorch calls (out, in) is (in, out)
    // here.
    std::vector<qint64> dims;
    qint64 offset = 0;   // relative to the data section
    qint64 byteSize = 0; // validated: rows × bytes of a row

    qint64 elementCount() const;
    qint64 rowLength() const { return dims.empty() ? 1 : dims.front(); }
    qint64 rowCount() const; // the product of dims[1..]
    qint64 rowBytes() const; // byteSize / rowCount (whole blocks of the type)
    // Outermost first, as safetensors, NumPy and PyTorch list a shape: dims reversed.
    std::vector<qint64> shape() const;
};

struct GgufMetadataEntry
{
    QString key;
    GgufValue value;
};

class GgufFile
{
public:
    static Expected<GgufFile> open(const QString &path);
    // The same validation on bytes in memory: for tests and fuzzing.
    static Expected<GgufFile> fromMemory(QByteArray bytes, const QString &displayName);

    const QString &displayName() const { return m_displayName; }
    quint32 version() const { return m_version; }
    qint64 alignment() const { return m_alignment; }
    qint64 dataOffset() const { return m_dataOffset; } // file offset of the data section
    qint64 fileSize() const;

    // Metadata in file order, and by key.
    const std::vector<GgufMetadataEntry> &metadata() const { return m_metadata; }
    const GgufValue *value(QStringView key) const;
    bool contains(QStringView key) const { return value(key) != nullptr; }
    // Typed lookups. Each fails with a message naming the file and the key: missing, or of
    // another type ("metadata key 'x' is FLOAT32, expected an integer (UINT8 ... INT64)").
    Expected<QString> string(QStringView key) const;
    Expected<qint64> integer(QStringView key) const; // any integer type whose value fits in qint64
    Expected<double> real(QStringView key) const;    // FLOAT32 or FLOAT64
    Expected<bool> boolean(QStringView key) const;
    Expected<std::vector<QString>> stringArray(QStringView key) const;
    Expected<std::vector<qint64>> integerArray(QStringView key) const; // elements of any integer type
    Expected<std::vector<float>> floatArray(QStringView key) const;    // ARRAY of FLOAT32

    // Tensors in file order, and by name.
    const std::vector<GgufTensor> &tensors() const { return m_tensors; }
    const GgufTensor *tensor(QStringView name) const;
    // A tensor's bytes in the mapping, valid while this object or a copy of it lives.
    QByteArrayView tensorBytes(const GgufTensor &tensor) const;
    // Rows [firstRow, firstRow + rowCount) of a tensor as floats (rowCount × rowLength values).
    // Fails naming the file, the tensor and its type when the type is not one ggmlquant.h decodes,
    // or the rows are not in the tensor.
    Expected<std::vector<float>> dequantizeRows(const GgufTensor &tensor, qint64 firstRow, qint64 rowCount) const;

    // What the tensors are stored as, for a status line: general.file_type's name where it has one,
    // then each type with its tensor count, most used first: "Q4_K_M: Q4_K ×96, Q6_K ×17, F32 ×49".
    QString storageSummary() const;

private:
    GgufFile() = default;
    static Expected<GgufFile> parse(std::shared_ptr<const MappedFile> bytes, const QString &displayName);
    Error keyError(QStringView key, const QString &problem) const;
    Expected<const GgufValue *> typedValue(QStringView key, bool (*accepts)(const GgufValue &), const QString &expected) const;

    std::shared_ptr<const MappedFile> m_bytes;
    QString m_displayName;
    quint32 m_version = 0;
    qint64 m_alignment = 32;
    qint64 m_dataOffset = 0;
    std::vector<GgufMetadataEntry> m_metadata;
    std::vector<int> m_metadataByKey; // indices into m_metadata, sorted by key
    std::vector<GgufTensor> m_tensors;
    std::vector<int> m_tensorsByName; // indices into m_tensors, sorted by name
};

} // namespace attn::gguf

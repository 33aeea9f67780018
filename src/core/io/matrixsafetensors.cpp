#include "matrixsafetensors.h"

#include "jsonwriter.h"
#include "safetensorsfile.h"

#include <QSet>

#include <cmath>
#include <cstring>

namespace attn::io {
namespace {

struct Entry
{
    QString name;
    const float *data;
    Eigen::Index rows;
    Eigen::Index cols;
    bool vector; // embeddings are stored 1-D: (d_model)
};

QString shapeList(const std::vector<qint64> &shape)
{
    QStringList parts;
    for (qint64 dimension : shape)
        parts << QString::number(dimension);
    return parts.isEmpty() ? QStringLiteral("a scalar") : parts.join(QChar(0xD7));
}

Expected<Matrix> readTensor(const safetensors::SafetensorsFile &file, const QString &name, Eigen::Index rows,
                            Eigen::Index cols, bool vector)
{
    const QString where = file.displayName() + QLatin1String(": ") + name;
    const safetensors::TensorInfo *info = file.find(name);
    if (!info)
        return Error{QStringLiteral("%1: missing (expected shape %2)")
                         .arg(where, vector ? QString::number(cols) : shapeText(rows, cols))};
    const bool matches = vector ? (info->shape == std::vector<qint64>{cols} || info->shape == std::vector<qint64>{1, cols})
                                : info->shape == std::vector<qint64>{rows, cols};
    if (!matches)
        return Error{QStringLiteral("%1: expected shape %2, found %3")
                         .arg(where, vector ? QString::number(cols) : shapeText(rows, cols), shapeList(info->shape))};
    Expected<safetensors::FloatTensor> tensor = file.floatTensor(name);
    if (!tensor)
        return Error{tensor.error()};
    Matrix matrix(rows, cols);
    if (matrix.size() > 0) // an empty matrix has no data pointer, and memcpy to null is undefined
        std::memcpy(matrix.data(), tensor->data, size_t(rows * cols) * sizeof(float));
    for (Eigen::Index i = 0; i < matrix.size(); ++i) {
        if (!std::isfinite(matrix.data()[i]))
            return Error{QStringLiteral("%1: entry [%2, %3] is %4; only finite numbers are accepted")
                             .arg(where).arg(i / cols).arg(i % cols).arg(double(matrix.data()[i]))};
    }
    return matrix;
}

} // namespace

QByteArray writeMatricesSafetensors(const MatrixSet &set)
{
    std::vector<Entry> entries;
    for (int h = 0; h < int(set.weights.heads.size()); ++h) {
        for (MatrixKind kind : {MatrixKind::Query, MatrixKind::Key, MatrixKind::Value}) {
            const Matrix &m = set.weights.matrix(kind, h);
            entries.push_back({tensorName(kind, h), m.data(), m.rows(), m.cols(), false});
        }
    }
    const Matrix &wO = set.weights.wO;
    entries.push_back({tensorName(MatrixKind::Output, 0), wO.data(), wO.rows(), wO.cols(), false});
    for (const QString &token : sortedTokens(set.embeddings)) {
        const RowVector &v = set.embeddings.find(token).value();
        entries.push_back({embeddingTensorName(token), v.data(), 1, v.size(), true});
    }

    JsonWriter header;
    header.beginObject();
    header.key(u"__metadata__");
    header.beginObject();
    header.key(u"format");
    header.value(u"attention-explorer-matrices");
    header.endObject();
    qint64 offset = 0;
    for (const Entry &e : entries) {
        const qint64 bytes = qint64(e.rows) * qint64(e.cols) * qint64(sizeof(float));
        header.key(e.name);
        header.beginObject();
        header.key(u"dtype");
        header.value(u"F32");
        header.key(u"shape");
        header.beginArray();
        if (!e.vector)
            header.value(qint64(e.rows));
        header.value(qint64(e.cols));
        header.endArray();
        header.key(u"data_offsets");
        header.beginArray();
        header.value(offset);
        header.value(offset + bytes);
        header.endArray();
        header.endObject();
        offset += bytes;
    }
    header.endObject();
    QByteArray json = header.take(); // no final newline: safetensors pads headers with spaces only
    json += QByteArray((8 - json.size() % 8) % 8, ' ');

    QByteArray bytes;
    bytes.reserve(8 + json.size() + offset);
    const quint64 length = quint64(json.size());
    for (int i = 0; i < 8; ++i)
        bytes += char((length >> (8 * i)) & 0xff);
    bytes += json;
    for (const Entry &e : entries)
        bytes.append(reinterpret_cast<const char *>(e.data), qsizetype(e.rows * e.cols) * qsizetype(sizeof(float)));
    return bytes;
}

Expected<MatrixSet> readMatricesSafetensors(const safetensors::SafetensorsFile &file, const AttentionConfig &config)
{
    MatrixSet set;
    QSet<QString> known;
    set.weights.heads.resize(size_t(config.heads));
    for (int h = 0; h < config.heads; ++h) {
        for (MatrixKind kind : {MatrixKind::Query, MatrixKind::Key, MatrixKind::Value}) {
            const QString name = tensorName(kind, h);
            Expected<Matrix> m = readTensor(file, name, expectedRows(kind, config), expectedColumns(kind, config), false);
            if (!m)
                return Error{m.error()};
            set.weights.matrix(kind, h) = std::move(*m);
            known.insert(name);
        }
    }
    const QString outputName = tensorName(MatrixKind::Output, 0);
    Expected<Matrix> wO = readTensor(file, outputName, expectedRows(MatrixKind::Output, config),
                                     expectedColumns(MatrixKind::Output, config), false);
    if (!wO)
        return Error{wO.error()};
    set.weights.wO = std::move(*wO);
    known.insert(outputName);

    const QString embeddingPrefix = embeddingTensorName(QString());
    for (const safetensors::TensorInfo &info : file.tensors()) {
        if (known.contains(info.name))
            continue;
        if (info.name.startsWith(embeddingPrefix) && info.name.size() > embeddingPrefix.size()) {
            Expected<Matrix> v = readTensor(file, info.name, 1, config.dModel, true);
            if (!v)
                return Error{v.error()};
            set.embeddings.insert(info.name.mid(embeddingPrefix.size()), RowVector(v->row(0)));
            continue;
        }
        return Error{QStringLiteral("%1: %2: not a tensor of this configuration (%3 heads; names are "
                                    "layer0.head<h>.w_q/w_k/w_v, layer0.w_o and embeddings.<token>)")
                         .arg(file.displayName(), info.name).arg(config.heads)};
    }
    return set;
}

Expected<MatrixSet> loadMatricesSafetensors(const QString &path, const AttentionConfig &config)
{
    Expected<safetensors::SafetensorsFile> file = safetensors::SafetensorsFile::open(path);
    if (!file)
        return Error{file.error()};
    return readMatricesSafetensors(*file, config);
}

} // namespace attn::io

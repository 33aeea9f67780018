#include "matrixjson.h"

#include "filebytes.h"
#include "fileheader.h"

#include <cmath>

namespace attn::io {
namespace {

constexpr int kVersion = 1;

// rows × cols numbers from [[...], ...], or a message naming the tensor. Nothing is allocated
// before the array's own size (which the parser already holds) matches the expected shape.
Expected<Matrix> readMatrix(const JsonValue *value, const QString &tensor, Eigen::Index rows, Eigen::Index cols,
                            const QString &file)
{
    auto problem = [&](const QString &what) { return Error{QStringLiteral("%1: %2: %3").arg(file, tensor, what)}; };
    if (!value)
        return problem(QStringLiteral("missing"));
    if (!value->isArray())
        return problem(QStringLiteral("expected an array of rows, found %1").arg(value->typeName()));
    if (value->isNumberArray())
        return problem(QStringLiteral("expected an array of rows ([[...], ...]), found one row of numbers"));
    const std::vector<JsonValue> &rowValues = value->items();
    if (!rowValues.empty() && !rowValues.front().isArray())
        return problem(QStringLiteral("row 0 is %1, expected an array of numbers").arg(rowValues.front().typeName()));
    const Eigen::Index foundRows = Eigen::Index(rowValues.size());
    const Eigen::Index foundCols = rowValues.empty() ? 0 : Eigen::Index(rowValues.front().size());
    if (foundRows != rows || foundCols != cols)
        return problem(QStringLiteral("expected shape %1, found %2").arg(shapeText(rows, cols), shapeText(foundRows, foundCols)));
    Matrix matrix(rows, cols);
    for (Eigen::Index r = 0; r < rows; ++r) {
        const JsonValue &row = rowValues[size_t(r)];
        if (!row.isArray())
            return problem(QStringLiteral("row %1 is %2, expected an array of numbers").arg(r).arg(row.typeName()));
        if (row.size() != cols)
            return problem(QStringLiteral("row %1 has %2 numbers, expected %3").arg(r).arg(row.size()).arg(cols));
        if (!row.isNumberArray()) {
            for (qsizetype c = 0; c < row.size(); ++c) {
                if (!row.items()[size_t(c)].isNumber())
                    return problem(QStringLiteral("entry [%1, %2] is %3, expected a number")
                                       .arg(r).arg(c).arg(row.items()[size_t(c)].typeName()));
            }
        }
        for (Eigen::Index c = 0; c < cols; ++c) {
            const float v = row.numbers()[size_t(c)].single;
            if (!std::isfinite(v))
                return problem(QStringLiteral("entry [%1, %2] does not fit in a 32-bit float").arg(r).arg(c));
            matrix(r, c) = v;
        }
    }
    return matrix;
}

} // namespace

void writeMatrixMembers(JsonWriter &json, const MatrixSet &set)
{
    json.key(u"layers");
    json.beginArray();
    json.beginObject();
    json.key(u"heads");
    json.beginArray();
    for (const HeadWeights &head : set.weights.heads) {
        json.beginObject();
        json.matrixMembers({{u"w_q", &head.wQ}, {u"w_k", &head.wK}, {u"w_v", &head.wV}});
        json.endObject();
    }
    json.endArray();
    json.key(u"w_o");
    json.matrix(set.weights.wO);
    json.endObject();
    json.endArray();

    json.key(u"embeddings");
    json.beginObject();
    for (const QString &token : sortedTokens(set.embeddings)) {
        json.key(token);
        const RowVector &v = set.embeddings.find(token).value();
        json.vector(v);
    }
    json.endObject();
}

QByteArray writeMatricesJson(const MatrixSet &set)
{
    JsonWriter json;
    beginFileObject(json, u"attention-explorer-matrices", kVersion);
    writeMatrixMembers(json, set);
    json.endObject();
    return json.take() + '\n'; // files end with a newline
}

QString checkFormat(const JsonValue &root, const QString &format, const QString &displayName)
{
    if (!root.isObject())
        return QStringLiteral("%1: expected a JSON object, found %2").arg(displayName, root.typeName());
    const JsonValue *name = root.find(u"format");
    if (!name || !name->isString() || name->string() != format)
        return QStringLiteral("%1: not an Attention Explorer file (\"format\" should be \"%2\")").arg(displayName, format);
    const JsonValue *version = root.find(u"version");
    if (!version || !version->isNumber())
        return QStringLiteral("%1: \"version\" is missing or not a number").arg(displayName);
    if (version->number().real != kVersion)
        return QStringLiteral("%1: format version %2 is not supported; this version of Attention Explorer reads version %3")
            .arg(displayName).arg(version->number().real).arg(kVersion);
    return {};
}

Expected<MatrixSet> readMatrixMembers(const JsonValue &object, const AttentionConfig &config, const QString &file)
{
    const JsonValue *layers = object.find(u"layers");
    if (!layers || !layers->isArray())
        return Error{QStringLiteral("%1: \"layers\" is missing or not an array").arg(file)};
    if (layers->size() != 1)
        return Error{QStringLiteral("%1: \"layers\" has %2 entries; the teaching model has exactly 1").arg(file).arg(layers->size())};
    const JsonValue &layer = layers->items().front();
    if (!layer.isObject())
        return Error{QStringLiteral("%1: layer0 is %2, expected an object").arg(file, layer.typeName())};
    const JsonValue *heads = layer.find(u"heads");
    if (!heads || !heads->isArray())
        return Error{QStringLiteral("%1: layer0 \"heads\" is missing or not an array").arg(file)};
    if (heads->size() != config.heads)
        return Error{QStringLiteral("%1: layer0 has %2 heads; the configuration has %3").arg(file).arg(heads->size()).arg(config.heads)};

    MatrixSet set;
    set.weights.heads.resize(size_t(config.heads));
    for (int h = 0; h < config.heads; ++h) {
        const JsonValue &head = heads->items()[size_t(h)];
        if (!head.isObject())
            return Error{QStringLiteral("%1: layer0.head%2 is %3, expected an object").arg(file).arg(h).arg(head.typeName())};
        for (MatrixKind kind : {MatrixKind::Query, MatrixKind::Key, MatrixKind::Value}) {
            Expected<Matrix> m = readMatrix(head.find(matrixKindName(kind)), tensorName(kind, h),
                                            expectedRows(kind, config), expectedColumns(kind, config), file);
            if (!m)
                return Error{m.error()};
            set.weights.matrix(kind, h) = std::move(*m);
        }
    }
    Expected<Matrix> wO = readMatrix(layer.find(u"w_o"), tensorName(MatrixKind::Output, 0),
                                     expectedRows(MatrixKind::Output, config),
                                     expectedColumns(MatrixKind::Output, config), file);
    if (!wO)
        return Error{wO.error()};
    set.weights.wO = std::move(*wO);

    const JsonValue *embeddings = object.find(u"embeddings");
    if (embeddings && !embeddings->isObject())
        return Error{QStringLiteral("%1: \"embeddings\" is %2, expected an object of token: [numbers]")
                         .arg(file, embeddings->typeName())};
    if (embeddings) {
        for (size_t i = 0; i < embeddings->keys().size(); ++i) {
            const QString &token = embeddings->keys()[i];
            const JsonValue &vector = embeddings->values()[i];
            const QString name = embeddingTensorName(token);
            if (token.isEmpty())
                return Error{QStringLiteral("%1: an embedding has an empty token").arg(file)};
            if (!vector.isArray() || (vector.size() > 0 && !vector.isNumberArray()))
                return Error{QStringLiteral("%1: %2: expected an array of %3 numbers").arg(file, name).arg(config.dModel)};
            if (vector.size() != config.dModel)
                return Error{QStringLiteral("%1: %2: expected %3 numbers (d_model), found %4")
                                 .arg(file, name).arg(config.dModel).arg(vector.size())};
            RowVector v(config.dModel);
            for (int d = 0; d < config.dModel; ++d) {
                v[d] = vector.numbers()[size_t(d)].single;
                if (!std::isfinite(v[d]))
                    return Error{QStringLiteral("%1: %2: entry %3 does not fit in a 32-bit float").arg(file, name).arg(d)};
            }
            set.embeddings.insert(token, v);
        }
    }
    return set;
}

Expected<MatrixSet> readMatricesJson(QByteArrayView bytes, const QString &displayName, const AttentionConfig &config)
{
    Expected<JsonValue> root = parseJson(bytes, displayName);
    if (!root)
        return Error{root.error()};
    const QString format = checkFormat(*root, QStringLiteral("attention-explorer-matrices"), displayName);
    if (!format.isEmpty())
        return Error{format};
    return readMatrixMembers(*root, config, displayName);
}

Expected<MatrixSet> loadMatricesJson(const QString &path, const AttentionConfig &config)
{
    Expected<QByteArray> bytes = readFileBytes(path, kMaxJsonFileBytes);
    if (!bytes)
        return Error{bytes.error()};
    return readMatricesJson(*bytes, path, config);
}

} // namespace attn::io

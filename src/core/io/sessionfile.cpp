#include "sessionfile.h"

#include "configjson.h"

#include "filebytes.h"
#include "fileheader.h"
#include "matrixjson.h"

#include "core/tokenizers/wordtokenizer.h"

#include <cmath>

namespace attn::io {
namespace {

const QString kFormat = QStringLiteral("attention-explorer-session");

// Typed access to the members of one object; the first problem is kept and named.
class Fields
{
public:
    Fields(const JsonValue *object, QString path, QString file)
        : m_object(object), m_path(std::move(path)), m_file(std::move(file))
    {
    }

    const JsonValue *get(const char *key, JsonValue::Type type, bool required)
    {
        if (!m_error.isEmpty())
            return nullptr;
        const JsonValue *value = m_object ? m_object->find(QString::fromLatin1(key)) : nullptr;
        if (!value) {
            if (required)
                m_error = QStringLiteral("%1: %2.%3 is missing").arg(m_file, m_path, QLatin1String(key));
            return nullptr;
        }
        if (value->type() != type) {
            m_error = QStringLiteral("%1: %2.%3 is %4, expected %5")
                          .arg(m_file, m_path, QLatin1String(key), value->typeName(), typeName(type));
            return nullptr;
        }
        return value;
    }

    void integer(const char *key, int low, int high, int &out, bool required = true)
    {
        const JsonValue *value = get(key, JsonValue::Type::Number, required);
        if (!value)
            return;
        const double v = value->number().real;
        if (v != std::floor(v) || v < low || v > high)
            m_error = QStringLiteral("%1: %2.%3 must be a whole number from %4 to %5, got %6")
                          .arg(m_file, m_path, QLatin1String(key)).arg(low).arg(high).arg(v);
        else
            out = int(v);
    }

    void real(const char *key, double &out, bool required = true)
    {
        if (const JsonValue *value = get(key, JsonValue::Type::Number, required))
            out = value->number().real;
    }

    void flag(const char *key, bool &out, bool required = true)
    {
        if (const JsonValue *value = get(key, JsonValue::Type::Bool, required))
            out = value->toBool();
    }

    void text(const char *key, QString &out, bool required = true)
    {
        if (const JsonValue *value = get(key, JsonValue::Type::String, required))
            out = value->string();
    }

    void choice(const char *key, std::initializer_list<const char *> allowed, QString &out)
    {
        QString value = out;
        text(key, value, false);
        if (!m_error.isEmpty())
            return;
        QStringList names;
        for (const char *name : allowed) {
            names << QLatin1String(name);
            if (value == QLatin1String(name)) {
                out = value;
                return;
            }
        }
        m_error = QStringLiteral("%1: %2.%3 is \"%4\"; known values: %5")
                      .arg(m_file, m_path, QLatin1String(key), value.left(40), names.join(QLatin1String(", ")));
    }

    void fail(const QString &message)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1: %2").arg(m_file, message);
    }
    const QString &error() const { return m_error; }

private:
    static QString typeName(JsonValue::Type type)
    {
        switch (type) {
        case JsonValue::Type::Bool:
            return QStringLiteral("true/false");
        case JsonValue::Type::Number:
            return QStringLiteral("a number");
        case JsonValue::Type::String:
            return QStringLiteral("a string");
        case JsonValue::Type::Array:
            return QStringLiteral("an array");
        case JsonValue::Type::Object:
            return QStringLiteral("an object");
        case JsonValue::Type::Null:
            break;
        }
        return QStringLiteral("null");
    }

    const JsonValue *m_object;
    QString m_path;
    QString m_file;
    QString m_error;
};

void writeView(JsonWriter &json, const SessionView &view)
{
    json.key(u"view");
    json.beginObject();
    json.key(u"layer");
    json.value(view.layer);
    json.key(u"head");
    json.value(view.head);
    json.key(u"query");
    json.value(view.query);
    json.key(u"key");
    json.value(view.key);
    json.key(u"pinned");
    json.value(view.pinned);
    json.key(u"color_map");
    json.value(view.colorMap);
    json.key(u"color_scale");
    json.value(view.colorScale);
    json.key(u"color_transfer");
    json.value(view.colorTransfer);
    json.key(u"cell_value");
    json.value(view.cellValue);
    json.key(u"flow_heads");
    json.value(view.flowHeads);
    json.key(u"flow_threshold");
    json.value(view.flowThreshold);
    json.key(u"flow_top_k");
    json.value(view.flowTopK);
    json.key(u"hide_first_token");
    json.value(view.hideFirstToken);
    json.key(u"pair_filter");
    json.value(view.pairFilter);
    if (!view.windowLayout.isEmpty()) {
        json.key(u"window_layout");
        json.value(QString::fromLatin1(view.windowLayout.toBase64()));
    }
    json.endObject();
}

Expected<AttentionConfig> readConfig(const JsonValue &root, const QString &file)
{
    AttentionConfig config;
    if (!root.find(u"config") || !root.find(u"config")->isObject())
        return Error{QStringLiteral("%1: \"config\" is missing or not an object").arg(file)};
    Fields fields(root.find(u"config"), QStringLiteral("config"), file);
    fields.integer("heads", 1, Limits::maxHeads, config.heads);
    fields.integer("d_model", 1, Limits::maxDModel, config.dModel);
    fields.integer("d_k", 1, Limits::maxDHead, config.dK);
    fields.integer("d_v", 1, Limits::maxDHead, config.dV);
    fields.flag("causal", config.causal);
    fields.real("temperature", config.temperature);
    fields.flag("scale", config.scaleByRootDk);
    QString positional = positionalEncodingName(config.positional);
    fields.choice("positional", {"none", "sinusoidal"}, positional);
    config.positional = positionalEncodingFromName(positional).value_or(config.positional);
    if (!fields.error().isEmpty())
        return Error{fields.error()};

    const JsonValue *seed = root.find(u"config")->find(u"seed");
    bool seedOk = false;
    if (seed && seed->isNumber()) {
        const double v = seed->number().real;
        seedOk = v >= 0 && v < kMaxExactInteger && v == std::floor(v);
        config.seed = seedOk ? quint64(v) : 0;
    } else if (seed && seed->isString()) {
        config.seed = seed->string().toULongLong(&seedOk);
    }
    if (!seedOk)
        return Error{QStringLiteral("%1: config.seed must be a whole number from 0 to 18446744073709551615 "
                                    "(a decimal string above 2^53)").arg(file)};
    const QString problem = validateConfig(config);
    if (!problem.isEmpty())
        return Error{QStringLiteral("%1: config: %2").arg(file, problem)};
    return config;
}

Expected<SessionView> readView(const JsonValue &root, const QString &file)
{
    SessionView view;
    const JsonValue *object = root.find(u"view");
    if (!object)
        return view; // a hand-written session may leave the view out
    if (!object->isObject())
        return Error{QStringLiteral("%1: \"view\" is %2, expected an object").arg(file, object->typeName())};
    Fields fields(object, QStringLiteral("view"), file);
    fields.integer("layer", 0, 1'000'000, view.layer, false);
    fields.integer("head", 0, Limits::maxHeads - 1, view.head, false);
    fields.integer("query", -1, Limits::maxTokens - 1, view.query, false);
    fields.integer("key", -1, Limits::maxTokens - 1, view.key, false);
    fields.flag("pinned", view.pinned, false);
    fields.choice("color_map", {"viridis", "magma", "cividis", "greys"}, view.colorMap);
    fields.choice("color_scale", {"fixed", "row", "head", "visible"}, view.colorScale);
    fields.choice("color_transfer", {"linear", "power", "log"}, view.colorTransfer);
    fields.choice("cell_value", {"weights", "scores"}, view.cellValue);
    fields.choice("flow_heads", {"focused", "all"}, view.flowHeads);
    fields.real("flow_threshold", view.flowThreshold, false);
    fields.integer("flow_top_k", 0, Limits::maxTokens, view.flowTopK, false);
    fields.flag("hide_first_token", view.hideFirstToken, false);
    fields.choice("pair_filter", {"none", "a_to_b", "b_to_a"}, view.pairFilter);
    QString layout;
    fields.text("window_layout", layout, false);
    if (!fields.error().isEmpty())
        return Error{fields.error()};
    if (!(view.flowThreshold >= 0.0 && view.flowThreshold <= 1.0))
        return Error{QStringLiteral("%1: view.flow_threshold must be between 0 and 1, got %2").arg(file).arg(view.flowThreshold)};
    const auto decoded = QByteArray::fromBase64Encoding(layout.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return Error{QStringLiteral("%1: view.window_layout is not base64").arg(file)};
    view.windowLayout = *decoded;
    return view;
}

} // namespace

QByteArray writeSession(const Session &session)
{
    JsonWriter json;
    beginFileObject(json, kFormat, 1);
    json.key(u"sentence");
    json.value(session.sentence);
    json.key(u"sentence_b");
    json.value(session.sentenceB);
    json.key(u"preset");
    json.value(session.presetName);
    json.key(u"config");
    writeConfigObject(json, session.config);
    writeView(json, session.view);
    writeMatrixMembers(json, session.matrices);
    json.endObject();
    return json.take() + '\n'; // files end with a newline
}

Expected<Session> readSession(QByteArrayView bytes, const QString &file)
{
    Expected<JsonValue> root = parseJson(bytes, file);
    if (!root)
        return Error{root.error()};
    const QString format = checkFormat(*root, kFormat, file);
    if (!format.isEmpty())
        return Error{format};

    Session session;
    Fields fields(&*root, QStringLiteral("session"), file);
    fields.text("sentence", session.sentence);
    fields.text("preset", session.presetName, false);
    fields.text("sentence_b", session.sentenceB, false);
    if (!fields.error().isEmpty())
        return Error{fields.error()};
    if (session.sentence.size() > Limits::maxTextLength)
        return Error{QStringLiteral("%1: the sentence has %2 characters; the limit is %3")
                         .arg(file).arg(session.sentence.size()).arg(Limits::maxTextLength)};
    if (session.sentenceB.size() > Limits::maxTextLength)
        return Error{QStringLiteral("%1: sentence_b has %2 characters; the limit is %3")
                         .arg(file).arg(session.sentenceB.size()).arg(Limits::maxTextLength)};
    const qsizetype tokens = qsizetype(tokenizeWords(session.sentence).size());
    if (tokens > Limits::maxTokens)
        return Error{QStringLiteral("%1: the sentence has %2 tokens; the limit is %3").arg(file).arg(tokens).arg(Limits::maxTokens)};

    Expected<AttentionConfig> config = readConfig(*root, file);
    if (!config)
        return Error{config.error()};
    session.config = *config;
    Expected<MatrixSet> matrices = readMatrixMembers(*root, session.config, file);
    if (!matrices)
        return Error{matrices.error()};
    session.matrices = std::move(*matrices);
    Expected<SessionView> view = readView(*root, file);
    if (!view)
        return Error{view.error()};
    session.view = std::move(*view);
    return session;
}

Expected<Session> loadSession(const QString &path)
{
    Expected<QByteArray> bytes = readFileBytes(path, kMaxJsonFileBytes);
    if (!bytes)
        return Error{bytes.error()};
    return readSession(*bytes, path);
}

QString saveSession(const QString &path, const Session &session)
{
    return writeFile(path, writeSession(session));
}

} // namespace attn::io

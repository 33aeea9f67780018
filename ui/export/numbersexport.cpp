#include "numbersexport.h"

#include "core/io/jsonwriter.h"
#include "core/io/resultdump.h"

#include <cmath>

namespace attn::ui {
namespace {

QByteArray csvField(const QString &text)
{
    const bool quote = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
        || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'))
        || (!text.isEmpty() && (text.front().isSpace() || text.back().isSpace()));
    QByteArray field = text.toUtf8();
    if (!quote)
        return field;
    field.replace('"', "\"\"");
    return '"' + field + '"';
}

QByteArray csvNumber(float value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");
    return shortestFloat(value);
}

void writeBlock(QByteArray &out, const QString &title, const TokenList &tokens, const Matrix &m) // m: (N, N)
{
    out += csvField(title) + "\r\n";
    out += csvField(QStringLiteral("query \\ key"));
    for (const Token &token : tokens)
        out += ',' + csvField(token.text);
    out += "\r\n";
    for (Eigen::Index row = 0; row < m.rows(); ++row) {
        out += csvField(size_t(row) < tokens.size() ? tokens[size_t(row)].text : QString());
        for (Eigen::Index col = 0; col < m.cols(); ++col)
            out += ',' + csvNumber(m(row, col));
        out += "\r\n";
    }
}

} // namespace

QByteArray NumbersExport::csv(const AttentionResult &result, const HeadSelection &selection)
{
    QByteArray out;
    bool first = true;
    for (const HeadSelection::Layer &selected : selection.layers) {
        const LayerResult &layer = result.layers.at(size_t(selected.layer));
        for (int head : selected.heads) {
            const HeadResult &h = layer.heads.at(size_t(head));
            for (const auto &[name, matrix] : {std::pair{"weights", &h.weights}, std::pair{"scores", &h.scores}}) {
                if (!first)
                    out += "\r\n";
                first = false;
                writeBlock(out,
                           QStringLiteral("layer %1 head %2 %3").arg(selected.layer).arg(head).arg(QLatin1String(name)),
                           result.tokens, *matrix);
            }
        }
    }
    return out;
}

QByteArray NumbersExport::json(const AttentionResult &result, const HeadSelection &selection)
{
    // The dump writer is the one definition of the schema: give it a result that holds only the
    // selected heads (a copy of those heads' matrices, not of the whole model).
    AttentionResult reduced;
    reduced.tokens = result.tokens;
    reduced.config = result.config;
    reduced.input = result.input;
    reduced.modelName = result.modelName;
    for (const HeadSelection::Layer &selected : selection.layers) {
        const LayerResult &layer = result.layers.at(size_t(selected.layer));
        LayerResult shown;
        for (int head : selected.heads)
            shown.heads.push_back(layer.heads.at(size_t(head)));
        shown.wO = layer.wO;
        shown.output = layer.output;
        reduced.layers.push_back(std::move(shown));
    }
    QByteArray dump = dumpResultJson(reduced);

    JsonWriter entry(false);
    entry.beginArray();
    for (const HeadSelection::Layer &selected : selection.layers) {
        entry.beginObject();
        entry.key(u"layer");
        entry.value(selected.layer);
        entry.key(u"heads");
        entry.beginArray();
        for (int head : selected.heads)
            entry.value(head);
        entry.endArray();
        entry.endObject();
    }
    entry.endArray();
    const qsizetype open = dump.indexOf('{');
    if (open >= 0)
        dump.insert(open + 1, "\n  \"selection\": " + entry.data() + ',');
    return dump;
}

} // namespace attn::ui

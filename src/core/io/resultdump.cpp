#include "resultdump.h"

#include "configjson.h"
#include "fileheader.h"
#include "jsonwriter.h"

namespace attn {
namespace {

void writeMatrixIfAny(JsonWriter &json, QStringView name, const Matrix &m)
{
    if (m.rows() == 0 && m.cols() == 0)
        return;
    json.key(name);
    json.matrix(m);
}

// "name": [one value per token], each written by writeToken.
template<typename WriteToken>
void writeTokenArray(JsonWriter &json, QStringView name, const TokenList &tokens, WriteToken writeToken)
{
    json.key(name);
    json.beginArray();
    for (const Token &token : tokens)
        writeToken(token);
    json.endArray();
}

// kvHead: the key/value head this query head reads (itself without grouped-query attention).
void writePredictions(JsonWriter &json, const std::vector<NextTokenPrediction> &predictions)
{
    json.beginArray();
    for (const NextTokenPrediction &p : predictions) {
        json.beginObject();
        json.key(u"id");
        json.value(p.id);
        json.key(u"text");
        json.value(p.text);
        json.key(u"probability");
        json.value(p.probability);
        json.key(u"logit");
        json.value(p.logit);
        json.endObject();
    }
    json.endArray();
}

void writeHead(JsonWriter &json, const HeadResult &head, int kvHead)
{
    json.beginObject();
    json.key(u"kv_head");
    json.value(kvHead);
    writeMatrixIfAny(json, u"w_q", head.wQ);
    writeMatrixIfAny(json, u"w_k", head.wK);
    writeMatrixIfAny(json, u"w_v", head.wV);
    json.matrixMembers({{u"q", &head.q},
                        {u"k", &head.k},
                        {u"v", &head.v},
                        {u"scores", &head.scores},
                        {u"weights", &head.weights},
                        {u"output", &head.output}});
    json.endObject();
}

} // namespace

QByteArray dumpResultJson(const AttentionResult &result, int maskTokenId)
{
    // An encoder's head guesses the token at a position (fill the mask), as many as top_next has.
    constexpr int kMaskPredictions = 10;
    const bool encoder = !result.modelName.isEmpty() && !result.config.causal;
    JsonWriter json;
    beginFileObject(json, u"attention-explorer-dump", 1);
    if (!result.modelName.isEmpty()) {
        json.key(u"model");
        json.value(result.modelName);
    }
    writeTokenArray(json, u"tokens", result.tokens, [&](const Token &token) { json.value(token.text); });
    writeTokenArray(json, u"spans", result.tokens, [&](const Token &token) {
        json.beginArray();
        json.value(qint64(token.begin));
        json.value(qint64(token.end));
        json.endArray();
    });
    if (!result.tokens.empty() && result.tokens.front().id >= 0) {
        writeTokenArray(json, u"token_ids", result.tokens, [&](const Token &token) { json.value(token.id); });
        writeTokenArray(json, u"special", result.tokens, [&](const Token &token) { json.value(token.special); });
        if (encoder) {
            writeTokenArray(json, u"token_type_ids", result.tokens, [&](const Token &token) { json.value(token.typeId); });
            writeTokenArray(json, u"segments", result.tokens, [&](const Token &token) { json.value(token.segment); });
        }
    }
    if (result.keyValueHeads > 0) {
        json.key(u"kv_heads");
        json.value(result.keyValueHeads);
    }
    json.key(u"config");
    writeConfigObject(json, result.config);
    json.key(u"input");
    json.matrix(result.input);
    json.key(u"layers");
    json.beginArray();
    for (const LayerResult &layer : result.layers) {
        json.beginObject();
        json.key(u"heads");
        json.beginArray();
        for (int h = 0; h < int(layer.heads.size()); ++h)
            writeHead(json, layer.heads[size_t(h)], result.keyValueHeadOf(h));
        json.endArray();
        writeMatrixIfAny(json, u"w_o", layer.wO);
        json.key(u"output");
        json.matrix(layer.output);
        json.endObject();
    }
    json.endArray();
    if (result.rollout.size() > 0) {
        json.key(u"rollout");
        json.matrix(result.rollout);
    }
    if (!result.topNext.empty()) {
        json.key(u"top_next");
        json.beginArray();
        for (const auto &predictions : result.topNext)
            writePredictions(json, predictions);
        json.endArray();
    }
    if (encoder && maskTokenId >= 0 && result.canPredict()) {
        json.key(u"mask_predictions");
        json.beginArray();
        for (int i = 0; i < result.tokenCount(); ++i) {
            if (result.tokens[size_t(i)].id != maskTokenId)
                continue;
            json.beginObject();
            json.key(u"position");
            json.value(i);
            json.key(u"top");
            writePredictions(json, result.predictNext(i, kMaskPredictions));
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
    QByteArray out = json.take();
    out += '\n';
    return out;
}

} // namespace attn

#include "configjson.h"

#include "jsonwriter.h"

namespace attn {

void writeConfigObject(JsonWriter &json, const AttentionConfig &config)
{
    json.beginObject();
    json.key(u"heads");
    json.value(config.heads);
    json.key(u"d_model");
    json.value(config.dModel);
    json.key(u"d_k");
    json.value(config.dK);
    json.key(u"d_v");
    json.value(config.dV);
    json.key(u"seed");
    if (double(config.seed) < kMaxExactInteger)
        json.value(qint64(config.seed));
    else
        json.value(QString::number(config.seed));
    json.key(u"causal");
    json.value(config.causal);
    json.key(u"temperature");
    json.value(config.temperature);
    json.key(u"scale");
    json.value(config.scaleByRootDk);
    json.key(u"positional");
    json.value(positionalEncodingName(config.positional));
    json.endObject();
}

} // namespace attn

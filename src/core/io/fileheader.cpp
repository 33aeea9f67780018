#include "fileheader.h"

#include "jsonwriter.h"

namespace attn {

void beginFileObject(JsonWriter &json, QStringView format, int version)
{
    json.beginObject();
    json.key(u"format");
    json.value(format);
    json.key(u"version");
    json.value(version);
}

} // namespace attn

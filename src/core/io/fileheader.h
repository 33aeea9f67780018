#pragma once

#include <QStringView>

namespace attn {

class JsonWriter;

// Opens the top-level object of one of our JSON files with the members every such file starts
// with: "format", the kind of file, and "version", of that kind's layout; readers check both first.
void beginFileObject(JsonWriter &json, QStringView format, int version);

} // namespace attn

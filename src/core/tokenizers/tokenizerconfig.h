#pragma once

#include "core/io/jsonvalue.h"

#include <QString>
#include <QStringBuilder>
#include <QStringView>

#include <optional>

namespace attn::hf {

// What the readers of tokenizer_config.json (beside vocab.txt, vocab.json + merges.txt) share.
// Messages start with `label`.

// A token: a string or an AddedToken object ({"content": …}); `fallback` when absent or null.
// A flag: true or false; `fallback` when absent or null.
inline std::optional<QString> configToken(const io::JsonValue &config, QStringView key, const QString &fallback, const QString &label,
                                   QString *error)
{
    const io::JsonValue *value = config.find(key);
    if (!value || value->isNull())
        return fallback;
    if (value->isString())
        return value->string();
    if (const io::JsonValue *content = value->isObject() ? value->find(u"content") : nullptr; content && content->isString())
        return content->string();
    *error = label % QStringLiteral(": \"") % key % QStringLiteral("\" is neither a string nor {\"content\": …}");
    return std::nullopt;
}

inline std::optional<bool> configFlag(const io::JsonValue &config, QStringView key, bool fallback, const QString &label, QString *error)
{
    const io::JsonValue *value = config.find(key);
    if (!value || value->isNull())
        return fallback;
    if (!value->isBool()) {
        *error = label % QStringLiteral(": \"") % key % QStringLiteral("\" is %1, not true or false").arg(value->typeName());
        return std::nullopt;
    }
    return value->toBool();
}

} // namespace attn::hf

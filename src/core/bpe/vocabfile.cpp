#include "vocabfile.h"

#include "gpt2tokenizer.h"
#include "tokentext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace attn::bpe {

namespace {

QString jsonKind(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

} // namespace

Expected<std::vector<VocabEntry>> parseVocabJson(const QByteArray &json, const QString &label)
{
    if (json.size() > Gpt2Tokenizer::maxFileBytes)
        return Error{QStringLiteral("%1 is %2 bytes; the limit is %3 bytes")
                         .arg(label).arg(json.size()).arg(Gpt2Tokenizer::maxFileBytes)};
    if (json.trimmed().isEmpty())
        return Error{QStringLiteral("%1 is empty").arg(label)};

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error{QStringLiteral("%1 is not valid JSON: %2 at byte %3")
                         .arg(label, parseError.errorString()).arg(parseError.offset)};
    if (!document.isObject())
        return Error{QStringLiteral("%1 must be a JSON object that maps each token to its id, "
                                    "but it is %2")
                         .arg(label, document.isArray() ? QStringLiteral("an array")
                                                        : QStringLiteral("a single value"))};
    const QJsonObject object = document.object();
    if (object.isEmpty())
        return Error{QStringLiteral("%1 has no tokens").arg(label)};

    std::vector<VocabEntry> entries;
    entries.reserve(object.size()); // bounded by the input's size, not by anything it claims
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QJsonValue value = it.value();
        const QString token = it.key();
        if (!value.isDouble())
            return Error{QStringLiteral("%1: the id of token %2 is %3, not an integer")
                             .arg(label, quotedForMessage(token), jsonKind(value))};
        const double id = value.toDouble();
        if (!std::isfinite(id) || std::floor(id) != id)
            return Error{QStringLiteral("%1: the id of token %2 is %3, not an integer")
                             .arg(label, quotedForMessage(token)).arg(id)};
        if (id < 0)
            return Error{QStringLiteral("%1: the id of token %2 is negative (%3)")
                             .arg(label, quotedForMessage(token)).arg(id)};
        if (id >= Gpt2Tokenizer::maxVocabId)
            return Error{QStringLiteral("%1: the id of token %2 is %3; ids must be below %4")
                             .arg(label, quotedForMessage(token))
                             .arg(id, 0, 'g', 15)
                             .arg(Gpt2Tokenizer::maxVocabId)};
        entries.push_back({token, int(id)});
    }

    // Stable: two tokens with one id are named in the file's key order, the same every time.
    std::stable_sort(entries.begin(), entries.end(),
              [](const VocabEntry &a, const VocabEntry &b) { return a.id < b.id; });
    const auto duplicate = std::adjacent_find(
        entries.begin(), entries.end(),
        [](const VocabEntry &a, const VocabEntry &b) { return a.id == b.id; });
    if (duplicate != entries.end())
        return Error{QStringLiteral("%1: tokens %2 and %3 both have id %4")
                         .arg(label, quotedForMessage(duplicate->token),
                              quotedForMessage(std::next(duplicate)->token))
                         .arg(duplicate->id)};
    return entries;
}

} // namespace attn::bpe

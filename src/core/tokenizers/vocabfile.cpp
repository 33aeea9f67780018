#include "vocabfile.h"

#include "gpt2tokenizer.h"
#include "tokentext.h"

#include "core/io/jsonvalue.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace attn::bpe {

namespace {

// An id is one number. The budget leaves room for a wrong value to be named ("is an array"), but
// not for a 64 MiB array of numbers (16 bytes each while parsed).
io::JsonLimits vocabLimits()
{
    io::JsonLimits limits;
    limits.maxArrayNumbers = 1'000;
    return limits;
}

QString jsonKind(const io::JsonValue &value)
{
    return value.isBool() ? QStringLiteral("a boolean") : value.typeName();
}

// Why `value` cannot be the id of `token`, or an empty string when it can.
QString idProblem(const QString &label, const QString &token, const io::JsonValue &value)
{
    if (!value.isNumber())
        return QStringLiteral("%1: the id of token %2 is %3, not an integer")
            .arg(label, quotedForMessage(token), jsonKind(value));
    const double id = value.number().real;
    if (!std::isfinite(id) || std::floor(id) != id)
        return QStringLiteral("%1: the id of token %2 is %3, not an integer").arg(label, quotedForMessage(token)).arg(id);
    if (id < 0)
        return QStringLiteral("%1: the id of token %2 is negative (%3)").arg(label, quotedForMessage(token)).arg(id);
    if (id >= Gpt2Tokenizer::maxVocabId)
        return QStringLiteral("%1: the id of token %2 is %3; ids must be below %4")
            .arg(label, quotedForMessage(token))
            .arg(id, 0, 'g', 15)
            .arg(Gpt2Tokenizer::maxVocabId);
    return {};
}

} // namespace

Expected<std::vector<VocabEntry>> parseVocabJson(const QByteArray &json, const QString &label)
{
    if (json.size() > Gpt2Tokenizer::maxFileBytes)
        return Error{QStringLiteral("%1 is %2 bytes; the limit is %3 bytes")
                         .arg(label).arg(json.size()).arg(Gpt2Tokenizer::maxFileBytes)};
    // Not json.trimmed(): that copies a file with a trailing newline, up to 64 MiB.
    const auto firstCharacter = std::find_if(json.begin(), json.end(), [](char c) { return !std::isspace(uchar(c)); });
    if (firstCharacter == json.end())
        return Error{QStringLiteral("%1 is empty").arg(label)};

    if (*firstCharacter != '{') {
        // Not an object: the whole value is read (within the JSON reader's budget) only to tell
        // broken JSON from JSON of the wrong shape.
        const Expected<io::JsonValue> document = io::parseJson(json, label, vocabLimits());
        if (!document)
            return Error{document.error()};
        return Error{QStringLiteral("%1 must be a JSON object that maps each token to its id, but it is %2")
                         .arg(label, document->isArray() ? QStringLiteral("an array") : QStringLiteral("a single value"))};
    }

    // Streamed member by member: a tree of the whole file would cost ~10 times its size.
    std::vector<VocabEntry> entries;
    io::JsonMemberReader reader;
    reader.limits = vocabLimits();
    reader.limits.maxValues = 1'000; // per entry
    reader.onMember = [&](QString &&token, io::JsonValue &&value) {
        if (QString problem = idProblem(label, token, value); !problem.isEmpty())
            return problem;
        if (entries.size() >= size_t(Gpt2Tokenizer::maxVocabEntries))
            return QStringLiteral("%1 has more than %2 tokens; the limit is %2").arg(label).arg(Gpt2Tokenizer::maxVocabEntries);
        entries.push_back({std::move(token), int(value.number().real)});
        return QString();
    };
    const Expected<qsizetype> members = io::readJsonMembers(json, label, reader);
    if (!members)
        return Error{members.error()};
    if (entries.empty())
        return Error{QStringLiteral("%1 has no tokens").arg(label)};

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

#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace attn::bpe {

struct VocabEntry
{
    QString token; // spelled in GPT-2's byte characters (bytelevel.h)
    int id = -1;
};

// The entries of a vocab.json ({"token": id, ...}) sorted by id. Refuses, with a message that
// starts with `label`: input larger than Gpt2Tokenizer::maxFileBytes, empty input, text that is not
// JSON or not an object (the strict reader's messages, with line and column), a token listed twice,
// no entries, more than Gpt2Tokenizer::maxVocabEntries entries, an id that is not an integer,
// negative or not below Gpt2Tokenizer::maxVocabId, and two tokens with one id. Ids need not be
// contiguous.
Expected<std::vector<VocabEntry>> parseVocabJson(const QByteArray &json, const QString &label);

} // namespace attn::bpe

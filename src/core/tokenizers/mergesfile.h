#pragma once

#include "core/expected.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace attn::bpe {

// One line of merges.txt: the pair of symbols that becomes one; its rank is its index.
struct MergeRule
{
    QString left;
    QString right;
    int line = 0; // 1-based line in the file, for messages
};

// The merges of a merges.txt in rank order: a "#version…" header line, then one merge per line,
// two symbols separated by one space (lines end with LF, CRLF or CR alone; blank lines may only end the
// file). Refuses, with a message that starts with `label` and names the line: input larger than
// Gpt2Tokenizer::maxFileBytes, empty input, a missing header, text that is not UTF-8, a line that
// is not two symbols, more than Gpt2Tokenizer::maxMerges merges.
Expected<std::vector<MergeRule>> parseMerges(const QByteArray &text, const QString &label);

} // namespace attn::bpe

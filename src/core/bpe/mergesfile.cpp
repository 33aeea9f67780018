#include "mergesfile.h"

#include "gpt2tokenizer.h"
#include "tokentext.h"

#include <QList>
#include <QStringDecoder>

namespace attn::bpe {

namespace {

// The 1-based number of the first line of `text` that is not valid UTF-8.
int firstInvalidUtf8Line(const QByteArray &text)
{
    int line = 1;
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype end = text.indexOf('\n', start);
        if (end < 0)
            end = text.size();
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        [[maybe_unused]] const QString decoded = decoder(QByteArrayView(text).sliced(start, end - start));
        if (decoder.hasError())
            return line;
        start = end + 1;
        ++line;
    }
    return line;
}

} // namespace

Expected<std::vector<MergeRule>> parseMerges(const QByteArray &text, const QString &label)
{
    if (text.size() > Gpt2Tokenizer::maxFileBytes)
        return Error{QStringLiteral("%1 is %2 bytes; the limit is %3 bytes")
                         .arg(label).arg(text.size()).arg(Gpt2Tokenizer::maxFileBytes)};
    if (text.trimmed().isEmpty())
        return Error{QStringLiteral("%1 is empty").arg(label)};

    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder(text);
    if (decoder.hasError())
        return Error{QStringLiteral("%1 line %2: not valid UTF-8").arg(label).arg(firstInvalidUtf8Line(text))};

    const QList<QStringView> lines = QStringView(decoded).split(u'\n');
    QStringView header = lines.front();
    if (header.endsWith(u'\r'))
        header.chop(1);
    if (!header.startsWith(u"#version"))
        return Error{QStringLiteral("%1 line 1: expected the header \"#version: 0.2\", found %2")
                         .arg(label, quotedForMessage(header))};

    qsizetype lastLine = lines.size(); // blank lines may end the file, nowhere else
    while (lastLine > 1 && lines[lastLine - 1].trimmed().isEmpty())
        --lastLine;
    if (lastLine - 1 > Gpt2Tokenizer::maxMerges)
        return Error{QStringLiteral("%1 has %2 merges; the limit is %3")
                         .arg(label).arg(lastLine - 1).arg(Gpt2Tokenizer::maxMerges)};

    std::vector<MergeRule> merges;
    merges.reserve(lastLine - 1);
    for (qsizetype i = 1; i < lastLine; ++i) {
        QStringView line = lines[i];
        if (line.endsWith(u'\r'))
            line.chop(1);
        const qsizetype space = line.indexOf(u' ');
        const int lineNumber = int(i + 1);
        if (space <= 0 || space == line.size() - 1 || line.indexOf(u' ', space + 1) >= 0)
            return Error{QStringLiteral("%1 line %2: expected two symbols separated by one space, "
                                        "found %3")
                             .arg(label).arg(lineNumber).arg(quotedForMessage(line))};
        merges.push_back({line.first(space).toString(), line.sliced(space + 1).toString(), lineNumber});
    }
    return merges;
}

} // namespace attn::bpe

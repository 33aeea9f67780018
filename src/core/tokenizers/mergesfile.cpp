#include "mergesfile.h"

#include "gpt2tokenizer.h"
#include "tokentext.h"

#include <QStringDecoder>

#include <algorithm>
#include <cctype>
#include <optional>

namespace attn::bpe {

namespace {

// The lines of a merges.txt one at a time, split at LF, CRLF or a lone CR. Old Mac files end lines
// with CR only; splitting at LF alone read such a file as one header line and no merges. A CR
// inside a symbol cannot occur: GPT-2's byte table spells byte 0x0D as U+010D. Nothing is kept per
// line, so a 64 MiB file of empty lines costs nothing.
class LineReader
{
public:
    explicit LineReader(QByteArrayView text) : m_text(text) {}

    bool next(QByteArrayView &line)
    {
        if (m_pos > m_text.size())
            return false;
        qsizetype end = m_pos;
        while (end < m_text.size() && m_text[end] != '\n' && m_text[end] != '\r')
            ++end;
        line = m_text.sliced(m_pos, end - m_pos);
        if (end + 1 < m_text.size() && m_text[end] == '\r' && m_text[end + 1] == '\n')
            ++end;
        m_pos = end + 1;
        return true;
    }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

std::optional<QString> decodeUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

} // namespace

Expected<std::vector<MergeRule>> parseMerges(const QByteArray &text, const QString &label)
{
    if (text.size() > Gpt2Tokenizer::maxFileBytes)
        return Error{QStringLiteral("%1 is %2 bytes; the limit is %3 bytes")
                         .arg(label).arg(text.size()).arg(Gpt2Tokenizer::maxFileBytes)};
    if (std::all_of(text.begin(), text.end(), [](char c) { return std::isspace(uchar(c)); }))
        return Error{QStringLiteral("%1 is empty").arg(label)};

    // First pass: every line is UTF-8, and where the blank lines that may end the file begin.
    int lastLine = 1; // the header; blank lines may end the file, nowhere else
    {
        LineReader lines(text);
        QByteArrayView line;
        for (int number = 1; lines.next(line); ++number) {
            const std::optional<QString> decoded = decodeUtf8(line);
            if (!decoded)
                return Error{QStringLiteral("%1 line %2: not valid UTF-8").arg(label).arg(number)};
            if (!decoded->trimmed().isEmpty())
                lastLine = number;
        }
    }

    LineReader lines(text);
    QByteArrayView line;
    lines.next(line);
    const QString header = *decodeUtf8(line);
    if (!header.startsWith(u"#version"))
        return Error{QStringLiteral("%1 line 1: expected the header \"#version: 0.2\", found %2")
                         .arg(label, quotedForMessage(header))};

    if (lastLine - 1 > Gpt2Tokenizer::maxMerges)
        return Error{QStringLiteral("%1 has %2 merges; the limit is %3")
                         .arg(label).arg(lastLine - 1).arg(Gpt2Tokenizer::maxMerges)};

    std::vector<MergeRule> merges;
    merges.reserve(size_t(lastLine - 1));
    for (int lineNumber = 2; lineNumber <= lastLine && lines.next(line); ++lineNumber) {
        const QString decoded = *decodeUtf8(line);
        const QStringView view(decoded);
        const qsizetype space = view.indexOf(u' ');
        if (space <= 0 || space == view.size() - 1 || view.indexOf(u' ', space + 1) >= 0)
            return Error{QStringLiteral("%1 line %2: expected two symbols separated by one space, "
                                        "found %3")
                             .arg(label).arg(lineNumber).arg(quotedForMessage(view))};
        merges.push_back({view.first(space).toString(), view.sliced(space + 1).toString(), lineNumber});
    }
    return merges;
}

} // namespace attn::bpe

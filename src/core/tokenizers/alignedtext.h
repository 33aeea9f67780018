#pragma once

#include <QString>
#include <QStringView>

#include <functional>
#include <vector>

namespace attn::hf {

// A span of the text the user typed, [begin, end) in UTF-16 code units.
struct OriginalSpan
{
    qsizetype begin{};
    qsizetype end{};
};

// Text as a Hugging Face normalizer or pre-tokenizer has rewritten it, with every UTF-16 unit
// remembering which part of the original text it came from, so that each token can name its span
// in what the user typed however much the text was changed on the way (a '▁' put in for a space,
// a prefix that was not there, NFC composing two characters into one).
class AlignedText
{
public:
    AlignedText() = default;
    // `text` is original[offset, offset + text.size()), unchanged.
    AlignedText(QStringView text, qsizetype offset);

    const QString &text() const { return m_text; }
    bool isEmpty() const { return m_text.isEmpty(); }
    qsizetype size() const { return m_text.size(); }
    // The original span of units [from, to): from the earliest begin to the latest end among them.
    OriginalSpan originalSpan(qsizetype from, qsizetype to) const;
    AlignedText slice(qsizetype from, qsizetype to) const;

    // The prefix takes the span of the first unit, as HF's NormalizedString::prepend does.
    void prepend(QStringView prefix);
    // Every occurrence of `from` (non-empty) becomes `to`, which takes the span of what it replaced.
    void replaceAll(QStringView from, QStringView to);
    // Unicode normalization. Text is rewritten a run at a time (a run starts at a character of
    // canonical combining class 0), so a composed character gets the span of the characters that
    // made it; if runs would not normalize independently, every unit gets the whole text's span.
    void normalize(QString::NormalizationForm form);
    // Rewrites the text a character (code point) at a time: `map` appends what the character
    // becomes (nothing to drop it), and every unit appended takes that character's span.
    void mapCharacters(const std::function<void(char32_t, QString &)> &map);

private:
    QString m_text;
    std::vector<OriginalSpan> m_spans; // one per unit of m_text
};

} // namespace attn::hf

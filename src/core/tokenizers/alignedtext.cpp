#include "alignedtext.h"

#include <QChar>

#include <algorithm>

namespace attn::hf {

AlignedText::AlignedText(QStringView text, qsizetype offset) : m_text(text.toString())
{
    m_spans.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i)
        m_spans.push_back({offset + i, offset + i + 1});
}

OriginalSpan AlignedText::originalSpan(qsizetype from, qsizetype to) const
{
    if (from >= to || m_spans.empty()) {
        const qsizetype at = m_spans.empty() ? 0 : (from < qsizetype(m_spans.size()) ? m_spans[from].begin
                                                                                       : m_spans.back().end);
        return {at, at};
    }
    OriginalSpan span = m_spans[from];
    for (qsizetype i = from + 1; i < to; ++i) {
        span.begin = std::min(span.begin, m_spans[i].begin);
        span.end = std::max(span.end, m_spans[i].end);
    }
    return span;
}

AlignedText AlignedText::slice(qsizetype from, qsizetype to) const
{
    AlignedText piece;
    piece.m_text = m_text.mid(from, to - from);
    piece.m_spans.assign(m_spans.begin() + from, m_spans.begin() + to);
    return piece;
}

void AlignedText::prepend(QStringView prefix)
{
    if (prefix.isEmpty())
        return;
    const OriginalSpan first = m_spans.empty() ? OriginalSpan{} : m_spans.front();
    m_text.prepend(prefix);
    m_spans.insert(m_spans.begin(), prefix.size(), first);
}

void AlignedText::replaceAll(QStringView from, QStringView to)
{
    if (from.isEmpty() || !m_text.contains(from))
        return;
    QString text;
    std::vector<OriginalSpan> spans;
    text.reserve(m_text.size());
    spans.reserve(m_spans.size());
    qsizetype pos = 0;
    while (pos < m_text.size()) {
        const qsizetype hit = m_text.indexOf(from, pos);
        const qsizetype copyEnd = hit < 0 ? m_text.size() : hit;
        text.append(QStringView(m_text).mid(pos, copyEnd - pos));
        spans.insert(spans.end(), m_spans.begin() + pos, m_spans.begin() + copyEnd);
        if (hit < 0)
            break;
        const OriginalSpan replaced = originalSpan(hit, hit + from.size());
        text.append(to);
        spans.insert(spans.end(), to.size(), replaced);
        pos = hit + from.size();
    }
    m_text = std::move(text);
    m_spans = std::move(spans);
}

void AlignedText::normalize(QString::NormalizationForm form)
{
    const QString whole = m_text.normalized(form);
    if (whole == m_text)
        return;
    // Runs that start at a starter (combining class 0), each normalized on its own.
    QString text;
    std::vector<OriginalSpan> spans;
    qsizetype runBegin = 0;
    const auto flushRun = [&](qsizetype runEnd) {
        const QString run = QStringView(m_text).mid(runBegin, runEnd - runBegin).toString().normalized(form);
        text.append(run);
        spans.insert(spans.end(), run.size(), originalSpan(runBegin, runEnd));
    };
    for (qsizetype i = 0; i < m_text.size();) {
        char32_t c = m_text[i].unicode();
        qsizetype width = 1;
        if (m_text[i].isHighSurrogate() && i + 1 < m_text.size() && m_text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(m_text[i], m_text[i + 1]);
            width = 2;
        }
        if (i > runBegin && QChar::combiningClass(c) == 0) {
            flushRun(i);
            runBegin = i;
        }
        i += width;
    }
    flushRun(m_text.size());
    if (text != whole) {
        // A composition across runs (Hangul jamo, some Indic vowel signs): keep the text right and
        // give up on fine spans.
        spans.assign(whole.size(), originalSpan(0, m_text.size()));
        text = whole;
    }
    m_text = std::move(text);
    m_spans = std::move(spans);
}

void AlignedText::mapCharacters(const std::function<void(char32_t, QString &)> &map)
{
    QString text;
    std::vector<OriginalSpan> spans;
    text.reserve(m_text.size());
    spans.reserve(m_spans.size());
    for (qsizetype i = 0; i < m_text.size();) {
        char32_t c = m_text[i].unicode();
        qsizetype width = 1;
        if (m_text[i].isHighSurrogate() && i + 1 < m_text.size() && m_text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(m_text[i], m_text[i + 1]);
            width = 2;
        }
        const qsizetype before = text.size();
        map(c, text);
        spans.insert(spans.end(), text.size() - before, originalSpan(i, i + width));
        i += width;
    }
    m_text = std::move(text);
    m_spans = std::move(spans);
}

} // namespace attn::hf

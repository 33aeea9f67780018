#include "wordtokenizer.h"

#include <QTextBoundaryFinder>

namespace attn {
namespace {

char32_t firstCodePoint(QStringView text)
{
    if (text.isEmpty())
        return 0;
    if (text.size() > 1 && text[0].isHighSurrogate() && text[1].isLowSurrogate())
        return QChar::surrogateToUcs4(text[0], text[1]);
    return text[0].unicode();
}

enum class ClusterKind { WordPart, Separator, Joiner, NumberJoiner, Standalone };

bool isWordCharacter(char32_t c)
{
    switch (QChar::category(c)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_DecimalDigit:
    case QChar::Number_Letter:
    case QChar::Number_Other:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return true;
    default:
        return false;
    }
}

// Classifies one grapheme cluster by its first code point: combining marks, variation selectors,
// skin-tone modifiers and zero-width joiners already belong to the cluster of their base.
ClusterKind classify(QStringView cluster)
{
    const char32_t first = firstCodePoint(cluster);
    if (QChar::isSpace(first) || QChar::category(first) == QChar::Other_Format
        || QChar::category(first) == QChar::Other_Control)
        return ClusterKind::Separator;
    if (first == U'\'' || first == U'\u2019')
        return ClusterKind::Joiner;
    if (first == U'.' || first == U',')
        return ClusterKind::NumberJoiner;
    if (isWordCharacter(first))
        return ClusterKind::WordPart;
    return ClusterKind::Standalone;
}

bool isLetterCluster(QStringView cluster)
{
    return QChar::isLetter(firstCodePoint(cluster));
}

bool isDigitCluster(QStringView cluster)
{
    return QChar::isDigit(firstCodePoint(cluster));
}

struct Cluster
{
    qsizetype begin;
    qsizetype end;
    ClusterKind kind;
};

} // namespace

TokenList tokenizeWords(const QString &text)
{
    std::vector<Cluster> clusters;
    QTextBoundaryFinder finder(QTextBoundaryFinder::Grapheme, text);
    qsizetype begin = 0;
    for (qsizetype end = finder.toNextBoundary(); end != -1; end = finder.toNextBoundary()) {
        clusters.push_back({begin, end, classify(QStringView(text).mid(begin, end - begin))});
        begin = end;
    }

    auto view = [&](const Cluster &c) { return QStringView(text).mid(c.begin, c.end - c.begin); };
    TokenList tokens;
    auto addToken = [&](qsizetype from, qsizetype to) { tokens.push_back({text.mid(from, to - from), from, to, -1}); };

    for (size_t i = 0; i < clusters.size();) {
        const Cluster &c = clusters[i];
        if (c.kind == ClusterKind::Separator) {
            ++i;
            continue;
        }
        if (c.kind != ClusterKind::WordPart) {
            addToken(c.begin, c.end);
            ++i;
            continue;
        }
        size_t last = i;
        for (size_t j = i + 1; j < clusters.size(); ++j) {
            const Cluster &next = clusters[j];
            if (next.kind == ClusterKind::WordPart) {
                last = j;
                continue;
            }
            // A joiner stays inside the word only between two letters (or two digits for . and ,).
            const bool joinsNext = j + 1 < clusters.size() && clusters[j + 1].kind == ClusterKind::WordPart;
            if (joinsNext && next.kind == ClusterKind::Joiner && isLetterCluster(view(clusters[last]))
                && isLetterCluster(view(clusters[j + 1]))) {
                last = j + 1;
                ++j;
                continue;
            }
            if (joinsNext && next.kind == ClusterKind::NumberJoiner && isDigitCluster(view(clusters[last]))
                && isDigitCluster(view(clusters[j + 1]))) {
                last = j + 1;
                ++j;
                continue;
            }
            break;
        }
        addToken(c.begin, clusters[last].end);
        i = last + 1;
    }
    return tokens;
}

} // namespace attn

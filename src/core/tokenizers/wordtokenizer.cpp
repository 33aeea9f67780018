#include "wordtokenizer.h"

#include <QTextBoundaryFinder>

namespace attn {
namespace {

char32_t codePointAt(QStringView text, qsizetype &i)
{
    if (i + 1 < text.size() && text[i].isHighSurrogate() && text[i + 1].isLowSurrogate()) {
        i += 2;
        return QChar::surrogateToUcs4(text[i - 2], text[i - 1]);
    }
    return text[i++].unicode();
}

// The code point that says what a grapheme cluster is. Usually its first, but a cluster may begin
// with prepended format characters (U+0600–U+0605 ARABIC NUMBER SIGN..., U+06DD, U+070F, U+110BD)
// that attach to the letters or digits after them: those letters decide, or the cluster would be
// taken for a separator and its letters lost.
char32_t baseCodePoint(QStringView cluster)
{
    char32_t first = 0;
    for (qsizetype i = 0; i < cluster.size();) {
        const char32_t c = codePointAt(cluster, i);
        if (QChar::category(c) != QChar::Other_Format)
            return c;
        if (!first)
            first = c;
    }
    return first;
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

// Classifies one grapheme cluster by its base code point: combining marks, variation selectors,
// skin-tone modifiers and zero-width joiners already belong to the cluster of their base.
ClusterKind classify(QStringView cluster)
{
    const char32_t base = baseCodePoint(cluster);
    if (QChar::isSpace(base) || QChar::category(base) == QChar::Other_Format
        || QChar::category(base) == QChar::Other_Control)
        return ClusterKind::Separator;
    if (base == U'\'' || base == U'\u2019')
        return ClusterKind::Joiner;
    if (base == U'.' || base == U',')
        return ClusterKind::NumberJoiner;
    if (isWordCharacter(base))
        return ClusterKind::WordPart;
    return ClusterKind::Standalone;
}

bool isLetterCluster(QStringView cluster)
{
    return QChar::isLetter(baseCodePoint(cluster));
}

bool isDigitCluster(QStringView cluster)
{
    return QChar::isDigit(baseCodePoint(cluster));
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
        // Qt 6.4's grapheme rules for Telugu (and its neighbours) can put a boundary between the
        // two halves of a surrogate pair: "క\u0C00😀" gives 1 2 3 4. Found by fuzz_wordtokenizer.
        if (end < text.size() && text[end - 1].isHighSurrogate() && text[end].isLowSurrogate())
            continue;
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

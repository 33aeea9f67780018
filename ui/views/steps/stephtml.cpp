#include "stephtml.h"

#include "stepformat.h"

namespace attn::ui::stephtml {
namespace {

QString withTooltip(const QString &shown, const QString &tooltip)
{
    return QStringLiteral("<span title=\"%1\">%2</span>").arg(tooltip.toHtmlEscaped(), shown.toHtmlEscaped());
}

QString tooltipFor(const QString &what, const QString &value)
{
    return what.isEmpty() ? value : what + QStringLiteral(" = ") + value;
}

} // namespace

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString number(double value, const QString &what)
{
    return withTooltip(stepformat::number(value), tooltipFor(what, stepformat::full(value)));
}

QString factor(double value, const QString &what)
{
    return withTooltip(stepformat::factor(value), tooltipFor(what, stepformat::full(value)));
}

QString term(double value, bool first, const QString &what)
{
    // The operator stays outside the tooltip span so that hovering it shows nothing misleading.
    const QString text = stepformat::signedTerm(value, first);
    const QString magnitude = first ? text : text.mid(3);
    const QString op = first ? QString() : text.left(3);
    return op + withTooltip(magnitude, tooltipFor(what, stepformat::full(value)));
}

QString vector(const RowVector &v, const QString &what)
{
    return withTooltip(stepformat::vector(v), tooltipFor(what, stepformat::fullVector(v)));
}

QString queryToken(const QString &shown, int query, int key)
{
    return QStringLiteral("<a class=\"q\" href=\"%1\">%2</a>").arg(focusLink(query, key), escaped(shown));
}

QString keyToken(const QString &shown, int query, int key)
{
    return QStringLiteral("<a class=\"k\" href=\"%1\">%2</a>").arg(focusLink(query, key), escaped(shown));
}

QString dim(const QString &html)
{
    return QStringLiteral("<span class=\"dim\">") + html + QStringLiteral("</span>");
}

QString highlighted(const QString &html)
{
    return QStringLiteral("<span class=\"hl\">") + html + QStringLiteral("</span>");
}

QString masked(const QString &html)
{
    return QStringLiteral("<span class=\"masked\">") + html + QStringLiteral("</span>");
}

QString math(const QStringList &lines)
{
    // One block per line, so that a line too long for the panel wraps with a hanging indent
    // (a block's negative text-indent moves only its first line).
    QString html;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const bool first = i == 0;
        const bool last = i == lines.size() - 1;
        const QString cls = first && last ? QStringLiteral("m01") : first ? QStringLiteral("m0") : last ? QStringLiteral("m1") : QStringLiteral("m");
        html += QStringLiteral("<p class=\"") + cls + QStringLiteral("\">") + (lines[i].isEmpty() ? QStringLiteral("&nbsp;") : lines[i])
            + QStringLiteral("</p>");
    }
    return html;
}

QString prose(const QString &html)
{
    return QStringLiteral("<p class=\"prose\">") + html + QStringLiteral("</p>");
}

QString heading(const QString &text)
{
    return QStringLiteral("<h2>") + escaped(text) + QStringLiteral("</h2>");
}

QString note(const QString &html)
{
    // A one-cell table: QTextDocument pads and shades table cells, not paragraphs.
    return QStringLiteral("<table width=\"100%\" cellpadding=\"6\" cellspacing=\"0\" style=\"margin-top: 4px; "
                          "margin-bottom: 4px;\"><tr><td class=\"note\">")
        + html + QStringLiteral("</td></tr></table>");
}

QString focusLink(int query, int key)
{
    return QStringLiteral("f:%1:%2").arg(query).arg(key);
}

bool parseFocusLink(const QString &link, int &query, int &key)
{
    const QStringList parts = link.split(QLatin1Char(':'));
    if (parts.size() != 3 || parts[0] != QLatin1String("f"))
        return false;
    bool queryOk = false;
    bool keyOk = false;
    const int q = parts[1].toInt(&queryOk);
    const int k = parts[2].toInt(&keyOk);
    if (!queryOk || !keyOk || q < 0 || k < 0)
        return false;
    query = q;
    key = k;
    return true;
}

} // namespace attn::ui::stephtml

#include "changedescription.h"

#include <QCoreApplication>
#include <QStringList>

#include <algorithm>

namespace attn::ui {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ChangeDescription", text);
}

QString arrow(const QString &before, const QString &after)
{
    return before + QStringLiteral(" → ") + after;
}

QString onOff(bool on)
{
    return on ? tr("on") : tr("off");
}

// `text` cut to at most kTextExcerptChars around the change that starts at changeStart: a little of
// what comes before it, then the change and what follows, with "…" where something was left out.
QString excerpt(const QString &text, qsizetype changeStart)
{
    QString shown = text;
    shown.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\t'), QLatin1Char(' '));
    if (shown.size() <= kTextExcerptChars)
        return shown;
    const qsizetype room = kTextExcerptChars - 2; // an ellipsis at either end
    qsizetype from = std::clamp<qsizetype>(changeStart - room / 3, 0, shown.size() - room);
    // Start at a word where one begins within the context, not in the middle of one.
    if (from > 0) {
        const qsizetype space = shown.indexOf(QLatin1Char(' '), from);
        if (space >= 0 && space < changeStart)
            from = space + 1;
    }
    const qsizetype to = std::min(shown.size(), from + room);
    return (from > 0 ? QString(QChar(0x2026)) : QString()) + shown.mid(from, to - from)
         + (to < shown.size() ? QString(QChar(0x2026)) : QString());
}

} // namespace

QString describeConfigChange(const AttentionConfig &before, const AttentionConfig &after)
{
    QStringList parts;
    auto number = [&](const QString &name, auto a, auto b) {
        if (a != b)
            parts << name + QLatin1Char(' ') + arrow(QString::number(a), QString::number(b));
    };
    number(tr("Heads"), before.heads, after.heads);
    number(QStringLiteral("d_model"), before.dModel, after.dModel);
    number(QStringLiteral("d_k"), before.dK, after.dK);
    number(QStringLiteral("d_v"), before.dV, after.dV);
    number(tr("Seed"), before.seed, after.seed);
    if (before.temperature != after.temperature)
        parts << tr("Temperature") + QLatin1Char(' ')
                     + arrow(QString::number(before.temperature, 'f', 2), QString::number(after.temperature, 'f', 2));
    if (before.scaleByRootDk != after.scaleByRootDk)
        parts << tr("Divide by √d_k") + QLatin1Char(' ') + onOff(after.scaleByRootDk);
    if (before.causal != after.causal)
        parts << tr("Causal mask") + QLatin1Char(' ') + onOff(after.causal);
    if (before.positional != after.positional)
        parts << tr("Positions") + QLatin1Char(' ')
                     + arrow(positionalEncodingName(before.positional), positionalEncodingName(after.positional));
    return parts.join(QStringLiteral(", "));
}

QString describeTextChange(const QString &what, const QString &before, const QString &after)
{
    // The change is what lies between the parts both texts share at their start and at their end.
    const qsizetype shorter = std::min(before.size(), after.size());
    qsizetype prefix = 0;
    while (prefix < shorter && before[prefix] == after[prefix])
        ++prefix;
    const auto quoted = [](const QString &text) -> QString { return QStringLiteral("“") + text + QStringLiteral("”"); };
    return what + QStringLiteral(": ") + arrow(quoted(excerpt(before, prefix)), quoted(excerpt(after, prefix)));
}

} // namespace attn::ui

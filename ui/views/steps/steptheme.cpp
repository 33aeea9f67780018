#include "steptheme.h"

#include <QFontDatabase>
#include <QPalette>

namespace attn::ui {
namespace {

QString monospaceFamily()
{
    // DejaVu Sans Mono and Noto Sans Mono carry √, ×, Σ, −, ≈ and the superscripts in one face.
    const QStringList families = QFontDatabase::families();
    for (const QString &preferred : {QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Noto Sans Mono")})
        if (families.contains(preferred))
            return preferred;
    return QFontDatabase::systemFont(QFontDatabase::FixedFont).family();
}

QString sansFamily()
{
    const QStringList families = QFontDatabase::families();
    for (const QString &preferred : {QStringLiteral("DejaVu Sans"), QStringLiteral("Noto Sans")})
        if (families.contains(preferred))
            return preferred;
    return QFontDatabase::systemFont(QFontDatabase::GeneralFont).family();
}

StepTheme withFonts(StepTheme theme)
{
    theme.sansFamily = sansFamily();
    theme.monoFamily = monospaceFamily();
    return theme;
}

} // namespace

StepTheme StepTheme::light()
{
    StepTheme theme;
    theme.background = QColor(0xffffff);
    theme.text = QColor(0x1d2129);
    theme.muted = QColor(0x5b6472);
    theme.heading = QColor(0x1f3d7a);
    theme.query = QColor(0xb54708);
    theme.key = QColor(0x0b63b6);
    theme.highlight = QColor(0xfff1b8);
    theme.note = QColor(0xeef3fb);
    theme.masked = QColor(0x8a8f98);
    return withFonts(theme);
}

StepTheme StepTheme::dark()
{
    StepTheme theme;
    theme.background = QColor(0x1e2126);
    theme.text = QColor(0xe6e8eb);
    theme.muted = QColor(0xa3aab5);
    theme.heading = QColor(0x9cc3ff);
    theme.query = QColor(0xffb46b);
    theme.key = QColor(0x72b7ff);
    theme.highlight = QColor(0x574a12);
    theme.note = QColor(0x26324a);
    theme.masked = QColor(0x7d838c);
    return withFonts(theme);
}

StepTheme StepTheme::forPalette(const QPalette &palette)
{
    const bool isDark = palette.color(QPalette::Window).lightness() < 128;
    StepTheme theme = isDark ? dark() : light();
    theme.background = palette.color(QPalette::Base);
    theme.text = palette.color(QPalette::Text);
    return theme;
}

QString StepTheme::styleSheet(bool includeFocus) const
{
    const auto css = [](const QColor &c) { return c.name(QColor::HexRgb); };
    QString sheet = QStringLiteral(
        "body { font-family: '%1'; font-size: %3px; color: %4; }"
        "h1 { font-size: %9px; font-weight: 600; color: %6; margin-top: 0px; margin-bottom: 2px; }"
        "h2 { font-size: %10px; font-weight: 600; color: %6; margin-top: 14px; margin-bottom: 4px; }"
        "p { margin-top: 2px; margin-bottom: 4px; }"
        "p.sub, p.prose { color: %5; }"
        "p.m, p.m0, p.m1, p.m01 { font-family: '%2'; white-space: pre-wrap; margin-left: 40px; text-indent: -32px; "
        "margin-top: 0px; margin-bottom: 0px; }"
        "p.m0, p.m01 { margin-top: 4px; }"
        "p.m1, p.m01 { margin-bottom: 6px; }"
        "td.note { background-color: %11; color: %4; }"
        "a { text-decoration: none; }"
        "a.q, span.q { color: %7; }"
        "a.k, span.k { color: %8; }"
        "span.dim { color: %5; }"
        "span.masked { color: %12; font-style: italic; }"
        "span.op { color: %5; }")
        .arg(sansFamily, monoFamily)
        .arg(pixelSize)
        .arg(css(text), css(muted), css(heading), css(query), css(key))
        .arg(pixelSize + 5)
        .arg(pixelSize + 2)
        .arg(css(note), css(masked));
    if (includeFocus)
        sheet += QStringLiteral("span.hl { background-color: %1; } span.hl-label { font-weight: 600; }").arg(css(highlight));
    return sheet;
}

} // namespace attn::ui

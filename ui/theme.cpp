#include "theme.h"

#include <QApplication>
#include <QColor>
#include <QPainter>
#include <QPalette>
#include <QProxyStyle>
#include <QStyleOption>

#include <cmath>

namespace attn::ui {
namespace {

// The desktop's palette as the application started with it, before any theme replaced it.
const QPalette &systemPalette()
{
    static const QPalette palette = QApplication::palette();
    return palette;
}

QPalette lightPalette()
{
    QPalette p;
    const QColor window(0xf3, 0xf3, 0xf3), base(Qt::white), text(0x1a, 0x1a, 0x1a);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0xe9, 0xe9, 0xe9));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x2a, 0x6f, 0xb0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xfb, 0xe0));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x5f, 0x5f, 0x5f));
    p.setColor(QPalette::Link, QColor(0x1f, 0x5f, 0xa8));
    p.setColor(QPalette::Light, Qt::white);
    p.setColor(QPalette::Midlight, QColor(0xdc, 0xdc, 0xdc));
    p.setColor(QPalette::Mid, QColor(0xa0, 0xa0, 0xa0));
    p.setColor(QPalette::Dark, QColor(0x70, 0x70, 0x70));
    p.setColor(QPalette::Shadow, QColor(0x30, 0x30, 0x30));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    return p;
}

QPalette darkPalette()
{
    // Breeze Dark's neighbourhood: the greys the report was made under, text kept at AA.
    QPalette p;
    const QColor window(0x2a, 0x2e, 0x32), base(0x1e, 0x21, 0x24), text(0xe8, 0xe8, 0xe8);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x2a, 0x2e));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x3a, 0x40));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    p.setColor(QPalette::HighlightedText, QColor(0x10, 0x10, 0x10));
    p.setColor(QPalette::ToolTipBase, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa8, 0xa8, 0xa8));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb8, 0xf0));
    p.setColor(QPalette::Light, QColor(0x4a, 0x50, 0x56));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x42, 0x48));
    p.setColor(QPalette::Mid, QColor(0x70, 0x76, 0x7c));
    p.setColor(QPalette::Dark, QColor(0x18, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0c, 0x0c, 0x0c));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x90, 0x90, 0x90));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x90, 0x90, 0x90));
    return p;
}

double relativeLuminance(const QColor &color)
{
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

// `from` moved towards `to` in tenths until it stands out `ratio`:1 from `background` (at worst: `to`).
QColor mixedUntilReadable(const QColor &from, const QColor &to, const QColor &background, double ratio)
{
    QColor mixed = from;
    for (int tenth = 1; contrastRatio(mixed, background) < ratio && tenth <= 10; ++tenth) {
        const float t = float(tenth) / 10.0f;
        mixed = QColor::fromRgbF(float(from.redF()) + (float(to.redF()) - float(from.redF())) * t,
                                 float(from.greenF()) + (float(to.greenF()) - float(from.greenF())) * t,
                                 float(from.blueF()) + (float(to.blueF()) - float(from.blueF())) * t);
    }
    return mixed;
}

// A desktop palette whose secondary text is too faint on its base (Breeze Dark's placeholder grey
// reads at about 2:1) gets it mixed towards the text colour until it reaches AA (4.5:1).
QPalette readable(QPalette palette)
{
    for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        palette.setColor(group, QPalette::PlaceholderText,
                         mixedUntilReadable(palette.color(group, QPalette::PlaceholderText),
                                            palette.color(group, QPalette::Text), palette.color(group, QPalette::Base), 4.5));
    }
    return palette;
}

// Fusion outlines a check box or radio button in the window colour darkened, which all but vanishes
// on a dark window: an unchecked box could not be seen. This draws the style's own indicator and
// rings it in the palette's mid colour, which reads on light and dark windows alike.
class VisibleIndicatorStyle : public QProxyStyle
{
    // The palette's mid colour, moved towards the text until it stands out 3:1 from the window.
    static QColor ringColour(const QPalette &palette)
    {
        return mixedUntilReadable(palette.color(QPalette::Mid), palette.color(QPalette::WindowText),
                                  palette.color(QPalette::Window), 3.0);
    }

public:
    void drawPrimitive(PrimitiveElement element, const QStyleOption *option, QPainter *painter,
                       const QWidget *widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        if (element != PE_IndicatorCheckBox && element != PE_IndicatorRadioButton)
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(ringColour(option->palette), 1));
        painter->setBrush(Qt::NoBrush);
        const QRectF box = QRectF(option->rect).adjusted(0.5, 0.5, -0.5, -0.5);
        if (element == PE_IndicatorRadioButton)
            painter->drawEllipse(box);
        else
            painter->drawRoundedRect(box, 2, 2);
        painter->restore();
    }
};

} // namespace

QString themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

Theme themeFromKey(const QString &key)
{
    if (key == QLatin1String("light"))
        return Theme::Light;
    if (key == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

QPalette themePalette(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return lightPalette();
    case Theme::Dark:
        return darkPalette();
    case Theme::System:
        break;
    }
    return readable(systemPalette());
}

void applyTheme(Theme theme)
{
    systemPalette(); // taken before the first theme replaces it
    if (!dynamic_cast<VisibleIndicatorStyle *>(QApplication::style()))
        QApplication::setStyle(new VisibleIndicatorStyle); // the application owns it
    QApplication::setPalette(themePalette(theme));
}

double contrastRatio(const QColor &foreground, const QColor &background)
{
    const double a = relativeLuminance(foreground), b = relativeLuminance(background);
    return (std::max(a, b) + 0.05) / (std::min(a, b) + 0.05);
}

} // namespace attn::ui

#include "heatmapstyle.h"

#include <QPalette>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

void setFonts(HeatmapStyle &style, const QFont &base)
{
    style.labelFont = base;
    style.labelFont.setPixelSize(12);
    style.captionFont = base;
    style.captionFont.setPixelSize(11);
    style.captionFont.setItalic(true);
    style.titleFont = base;
    style.titleFont.setPixelSize(14);
    style.titleFont.setBold(true);
}

} // namespace

HeatmapStyle HeatmapStyle::forWidget(const QWidget &widget)
{
    const QPalette &palette = widget.palette();
    HeatmapStyle style;
    style.background = palette.color(QPalette::Base);
    style.text = palette.color(QPalette::Text);
    style.mutedText = palette.color(QPalette::PlaceholderText);
    if (!style.mutedText.isValid() || style.mutedText == style.text)
        style.mutedText = palette.color(QPalette::Disabled, QPalette::Text);
    style.highlight = palette.color(QPalette::Highlight);
    style.frame = palette.color(QPalette::Mid);
    setFonts(style, widget.font());
    return style;
}

HeatmapStyle HeatmapStyle::forExport(const QFont &baseFont)
{
    HeatmapStyle style;
    style.background = Qt::white;
    style.text = QColor(0x20, 0x20, 0x20);
    style.mutedText = QColor(0x6b, 0x6b, 0x6b);
    style.highlight = QColor(0x1f, 0x6f, 0xd0);
    style.frame = QColor(0xa0, 0xa0, 0xa0);
    setFonts(style, baseFont);
    return style;
}

HeatmapStyle HeatmapStyle::scaledFonts(double factor) const
{
    HeatmapStyle style = *this;
    for (QFont *font : {&style.labelFont, &style.captionFont, &style.titleFont})
        font->setPixelSize(std::max(7, int(std::lround(font->pixelSize() * factor))));
    return style;
}

} // namespace attn::ui

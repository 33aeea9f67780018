#pragma once

// Helpers of the view tests: a text of n words that the toy tokenizer reads as n tokens, and one
// view drawn into an image through its one paint routine.

#include "views/exportableview.h"

#include <QImage>
#include <QPainter>
#include <QStringList>

namespace testutils {

// n words from a small vocabulary in a fixed order: n tokens for the toy model's word tokenizer.
inline QString sentenceOfWords(int words)
{
    static const char *vocabulary[] = {"the", "cat", "sat", "on", "mat", "and", "looked", "at", "a", "dog",
                                       "that", "was", "sleeping", "near", "warm", "fire", "while", "rain", "fell"};
    QStringList parts;
    for (int i = 0; i < words; ++i)
        parts << QString::fromLatin1(vocabulary[(i * 7 + i / 19) % 19]);
    return parts.join(QLatin1Char(' '));
}

// The view painted as an export paints it (no focus) on a magenta canvas, so that anything the view
// leaves unpainted shows.
inline QImage renderView(const attn::ui::ExportableView &view, QSize size)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::magenta);
    QPainter painter(&image);
    view.paintContent(painter, size, false);
    return image;
}

} // namespace testutils

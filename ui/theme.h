#pragma once

#include <QString>

class QColor;
class QPalette;

namespace attn::ui {

// View ▸ Theme: the desktop's own palette, or a light or dark one of ours whatever the desktop
// uses. Every view draws with the application palette, so a theme is a palette and nothing else.
enum class Theme { System, Light, Dark };

QString themeKey(Theme theme);                   // "system", "light", "dark": how settings store it
Theme themeFromKey(const QString &key);          // unknown keys: System
QPalette themePalette(Theme theme);              // System: the palette the application started with
void applyTheme(Theme theme);                    // sets the application palette

// WCAG 2 contrast ratio of two colours (1 to 21): body text needs 4.5.
double contrastRatio(const QColor &foreground, const QColor &background);

} // namespace attn::ui

#pragma once

#include <QColor>
#include <QString>

class QPalette;

namespace attn::ui {

// The colours and fonts of the step panel. The HTML the writer produces names only classes
// (query token, key token, focused term, note…); the theme turns them into a style sheet, so one
// text serves the screen in a dark or light palette and the exports in the light one.
struct StepTheme
{
    QColor background;
    QColor text;
    QColor muted;      // prose around the maths, shapes, "≈"
    QColor heading;
    QColor query;      // the query token, wherever it appears
    QColor key;        // every key token
    QColor highlight;  // background of the focused key's terms
    QColor note;       // background of the notes about the seed
    QColor masked;
    QString sansFamily;
    QString monoFamily;
    int pixelSize = 13;

    static StepTheme light();
    static StepTheme dark();
    // Light or dark after the palette's window colour, with its text and base colours.
    static StepTheme forPalette(const QPalette &palette);

    // The default style sheet for the document; without focus the highlight disappears.
    QString styleSheet(bool includeFocus) const;
};

} // namespace attn::ui

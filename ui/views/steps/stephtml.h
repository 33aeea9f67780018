#pragma once

#include "core/tensor.h"

#include <QString>
#include <QStringList>

namespace attn::ui {

// Small pieces of the step panel's HTML. Every number carries its full precision in a title
// attribute (QTextDocument turns it into the fragment's tooltip); tokens are links "f:query:key"
// so that hovering or clicking one focuses that pair.
namespace stephtml {

QString escaped(const QString &text);
QString number(double value, const QString &what);    // "0.024" with tooltip "what = 0.0240000002"
QString factor(double value, const QString &what);    // "(−0.100)" for negative values
QString term(double value, bool first, const QString &what); // " − 0.019" inside a written-out sum
QString vector(const RowVector &v, const QString &what);
// A token as shown (already quoted, see stepformat::token), linked to the pair (query, key).
QString queryToken(const QString &shown, int query, int key);
QString keyToken(const QString &shown, int query, int key);
QString dim(const QString &html);          // muted prose inside the maths
QString highlighted(const QString &html);  // the focused key's terms
QString masked(const QString &html);

// One paragraph of maths: lines joined by line breaks, spaces kept, wrapped when too long.
QString math(const QStringList &lines);
QString prose(const QString &html);
QString heading(const QString &text);
QString note(const QString &html);         // a shaded box: where the seed's numbers differ

// "f:2:5" ↔ (2, 5); false for any other link.
QString focusLink(int query, int key);
bool parseFocusLink(const QString &link, int &query, int &key);

} // namespace stephtml
} // namespace attn::ui

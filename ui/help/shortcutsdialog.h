#pragma once

#include <QDialog>
#include <QKeySequence>
#include <QString>

#include <vector>

class QMenuBar;

namespace attn::ui {

struct ShortcutEntry
{
    QString keys;
    QString what;
};

// Every menu command with a shortcut (read from the menus, so the list cannot go stale), followed by
// the keys and gestures the views themselves take.
std::vector<ShortcutEntry> shortcutEntries(const QMenuBar &menus);

// Help ▸ Keyboard shortcuts.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    ShortcutsDialog(const QMenuBar &menus, QWidget *parent = nullptr);
};

} // namespace attn::ui

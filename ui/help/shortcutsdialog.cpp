#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace attn::ui {
namespace {

void collect(const QMenu &menu, const QString &path, std::vector<ShortcutEntry> &entries)
{
    for (QAction *action : menu.actions()) {
        const QString name = QString(action->text()).remove(QLatin1Char('&'));
        if (QMenu *sub = action->menu()) {
            collect(*sub, path + QStringLiteral(" ▸ ") + name, entries);
        } else if (!action->shortcut().isEmpty()) {
            entries.push_back({action->shortcut().toString(QKeySequence::NativeText), path + QStringLiteral(" ▸ ") + name});
        }
    }
}

} // namespace

std::vector<ShortcutEntry> shortcutEntries(const QMenuBar &menus)
{
    std::vector<ShortcutEntry> entries;
    for (QAction *action : menus.actions())
        if (QMenu *menu = action->menu())
            collect(*menu, QString(action->text()).remove(QLatin1Char('&')), entries);
    const ShortcutEntry viewKeys[] = {
        {QObject::tr("Hover"), QObject::tr("Focus the cell, token or arrow under the mouse in every view")},
        {QObject::tr("Click"), QObject::tr("Pin the focus; click the pinned cell again to unpin")},
        {QObject::tr("Arrow keys"), QObject::tr("Move the focused cell (query ↑↓, key ←→)")},
        {QObject::tr("Esc"), QObject::tr("Clear the focus")},
        {QObject::tr("Ctrl+wheel, pinch, + and −"), QObject::tr("Zoom the heatmap around the mouse")},
        {QObject::tr("0"), QObject::tr("Fit the whole heatmap")},
        {QObject::tr("Drag, wheel, Shift+wheel"), QObject::tr("Pan a zoomed heatmap")},
        {QObject::tr("Right-click"), QObject::tr("Export or copy the view under the mouse")},
    };
    entries.insert(entries.end(), std::begin(viewKeys), std::end(viewKeys));
    return entries;
}

ShortcutsDialog::ShortcutsDialog(const QMenuBar &menus, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(this);
    const std::vector<ShortcutEntry> entries = shortcutEntries(menus);
    auto *table = new QTableWidget(int(entries.size()), 2, this);
    table->setHorizontalHeaderLabels({tr("Keys"), tr("Does")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    for (int row = 0; row < int(entries.size()); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(entries[size_t(row)].keys));
        table->setItem(row, 1, new QTableWidgetItem(entries[size_t(row)].what));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(560, 480);
}

} // namespace attn::ui

#pragma once

#include "editortarget.h"

#include "document/attentiondocument.h"
#include "document/focus.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QTableView;

namespace attn::ui {

class MatrixTableModel;

// The "Matrices" panel: W_Q, W_K, W_V of each head, W_O and the token embeddings in a table coloured
// by value. Typing a number, pasting a block or re-initialising is one undoable document edit, so
// every view recomputes and repaints at once. The panel follows the shared focus (the focused head;
// the clicked token's embedding row) and moves it when a person picks a head or a token row here.
class MatrixEditor : public QWidget
{
    Q_OBJECT

public:
    MatrixEditor(AttentionDocument *document, FocusModel *focus, QWidget *parent = nullptr);

    MatrixTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    const EditorTarget &target() const;
    void setTarget(const EditorTarget &target);
    QString message() const; // the last refusal or notice shown under the table

    // Clipboard, tab-separated as spreadsheets exchange it. copyText() is the selection's bounding
    // block; pasteText() writes a block at the selection's top-left corner (a single number fills
    // the whole selection) as one undo step, or refuses the whole paste with a message.
    QString copyText() const;
    bool pasteText(const QString &text);
    void copy();
    void paste();

    // Re-initialisation, each one undo step.
    void reseedAll(quint64 seed);      // every matrix Glorot from this seed (the configuration's seed)
    void randomiseHead(quint64 seed);  // the shown head's W_Q, W_K, W_V from a fresh seed
    void randomiseAll();               // reseedAll with a fresh random seed
    void setIdentity();                // the shown matrix
    void setZeros();
    void scaleBy(double factor);

private:
    void buildControls();
    void showTarget();
    void refuse(const QString &message);
    void onFocusChanged(const Focus &focus);
    void onRowsSelected();

    AttentionDocument *m_document;
    FocusModel *m_focus;
    MatrixTableModel *m_model;
    QTableView *m_table;
    QComboBox *m_matrix = nullptr;
    QSpinBox *m_head = nullptr;
    QLabel *m_shape = nullptr;
    QSpinBox *m_seed = nullptr;
    QDoubleSpinBox *m_scale = nullptr;
    QLabel *m_message = nullptr;
    bool m_syncing = false; // true while following the focus, so selections are not echoed back
};

} // namespace attn::ui

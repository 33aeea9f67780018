#pragma once

#include "headstatisticsmodel.h"

#include "core/attentionresult.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace attn::ui {

class AttentionDocument;
class FocusModel;
class ModelController;
struct Focus;

// The heads of the shown result in a table: entropy, mass on the previous token, on the first
// token, on itself, the model's induction score and the badges these earn. Click a column header
// to sort by it; click a head to focus it (every view follows). The focused head's row is selected.
class HeadStatisticsPanel : public QWidget
{
    Q_OBJECT

public:
    HeadStatisticsPanel(AttentionDocument *document, ModelController *controller, FocusModel *focus,
                        QWidget *parent = nullptr);

    HeadStatisticsModel *model() { return m_model; }
    QTableView *table() { return m_table; }

private:
    void refresh();
    void showFocus(const Focus &focus);

    AttentionDocument *m_document;
    ModelController *m_controller;
    FocusModel *m_focus;
    HeadStatisticsModel *m_model;
    QTableView *m_table;
    QLabel *m_summary;
};

} // namespace attn::ui

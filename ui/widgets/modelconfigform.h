#pragma once

#include "core/attentionresult.h"
#include "core/transformer/model.h"

#include <QWidget>

class QFormLayout;
class QLabel;

namespace attn::ui {

// A checkpoint's own configuration, read-only: what the Settings dock shows while a model is open.
// Its files fix these numbers, so nothing here edits anything. The shape comes from ModelInfo; the
// norm and the positions from the model's first result (a family's run knows how it made q and k).
class ModelConfigForm : public QWidget
{
    Q_OBJECT

public:
    explicit ModelConfigForm(QWidget *parent = nullptr);

    void showModel(const ModelInfo &info);
    // The parts only a run tells; a result of another model, or of an empty text, changes nothing.
    void showResult(const AttentionResult &result);

    // The value shown in one row, by its object name ("layers", "heads", "keyValueHeads", "dModel",
    // "dHead", "vocabulary", "context", "positions", "norm", "attention", …): for tests and tooltips.
    QString valueText(const QString &row) const;

private:
    QLabel *addRow(const QString &name, const QString &title, const QString &tip);
    void setRowShown(QLabel *value, bool shown);

    QFormLayout *m_form;
    QString m_modelName; // whose numbers are shown
    QLabel *m_name;
    QLabel *m_family;
    QLabel *m_layers;
    QLabel *m_heads;
    QLabel *m_keyValueHeads;
    QLabel *m_dModel;
    QLabel *m_dHead;
    QLabel *m_vocabulary;
    QLabel *m_context;
    QLabel *m_positions;
    QLabel *m_norm;
    QLabel *m_attention;
    QLabel *m_scale;
    QLabel *m_softcap;
    QLabel *m_parameters;
    QLabel *m_weightFormat;
};

} // namespace attn::ui

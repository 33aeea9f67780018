#pragma once

#include <QWidget>

class QComboBox;

namespace attn::ui {

class ViewOptionsModel;

// "Scale" in the view toolbar: which weights span the colours of every heatmap (0–1, per row, per
// head, visible) and how values spread along the bar (linear, power γ 0.5, log). Follows
// and edits the shared ViewOptions, like the colour map box beside it.
class ColorScaleBox : public QWidget
{
    Q_OBJECT

public:
    explicit ColorScaleBox(ViewOptionsModel *options, QWidget *parent = nullptr);

    QComboBox *scaleBox() const { return m_scale; }
    QComboBox *transferBox() const { return m_transfer; }

private:
    void showOptions();

    ViewOptionsModel *m_options;
    QComboBox *m_scale;
    QComboBox *m_transfer;
};

} // namespace attn::ui

#pragma once

#include <QWidget>

class QTextDocument;

namespace attn::ui {

// The scrolled page of the step panel: draws a QTextDocument at the viewport's width, shows the
// full-precision tooltip of the number under the cursor, and reports the token link under the
// cursor. It owns nothing: the panel owns the document.
class StepCanvas : public QWidget
{
    Q_OBJECT

public:
    explicit StepCanvas(QWidget *parent = nullptr);

    void setDocument(QTextDocument *document); // relayouts at the current width
    void setBackground(const QColor &background);

    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;
    QSize sizeHint() const override;

    // The full-precision tooltip of the text at a point of a laid-out document, or an empty string.
    static QString toolTipAt(const QTextDocument &document, const QPointF &point);
    // The one drawing routine of the panel, for the screen and for every export.
    static void draw(QPainter &painter, QTextDocument &document, const QColor &background, const QColor &text,
                     const QRectF &area);

signals:
    void linkHovered(const QString &link); // an empty link when the cursor leaves every link
    void linkClicked(const QString &link);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    QString linkAt(const QPointF &point) const;

    QTextDocument *m_document = nullptr;
    QColor m_background;
    QString m_hoveredLink;
};

} // namespace attn::ui

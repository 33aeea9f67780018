#pragma once

#include "document/attentiondocument.h"

#include <QComboBox>

namespace attn::ui {

// The Example box: the seed's examples by title, showing the one the document's state still is, and
// "Custom" as soon as anything differs from it (the text, a setting, a matrix); undo that brings the
// example's state back brings its name back. With a model open it shows "Custom" and is disabled:
// the examples are states of the toy layer.
class ExamplePicker : public QComboBox
{
    Q_OBJECT

public:
    explicit ExamplePicker(AttentionDocument *document, QWidget *parent = nullptr);

    static QString customText();

signals:
    void exampleChosen(const QString &name); // picked by a person; the document is not changed here

private:
    void follow(); // shows what the document holds

    AttentionDocument *m_document;
};

} // namespace attn::ui

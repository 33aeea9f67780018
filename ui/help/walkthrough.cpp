#include "walkthrough.h"

#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace attn::ui {

const std::vector<WalkthroughStop> &walkthroughStops()
{
    static const std::vector<WalkthroughStop> stops = {
        {QStringLiteral("§2.1–2.2"), QObject::tr("Words look at other words"),
         QObject::tr("Each row of the heatmap is one word asking \"which words matter to me?\"; its cells are the "
                     "answers and add up to 1. Hover a cell to read it, click to pin it."),
         QStringLiteral("cat-sat"), QString()},
        {QStringLiteral("§2.3"), QObject::tr("Four steps: Q, K, V; scores; softmax; weighted sum"),
         QObject::tr("The step panel writes the four steps out for the cell under the cursor, with the real "
                     "numbers of \"Hello World\". Hover the other cells and watch every number change."),
         QStringLiteral("seed-hello-world"), QStringLiteral("stepsDock")},
        {QStringLiteral("§2.4"), QObject::tr("The complete example"),
         QObject::tr("The seed's score table: the same two words with the seed's own matrices. Compare the "
                     "panel's weights with the seed's and read the note on rounding."),
         QStringLiteral("seed-score-table"), QStringLiteral("stepsDock")},
        {QStringLiteral("§2.5"), QObject::tr("Long-range dependencies"),
         QObject::tr("In the flow diagram an arrow runs from each word to the words it attends to. Follow "
                     "\"sat\" back to \"cat\" across the relative clause."),
         QStringLiteral("long-range"), QStringLiteral("flowDock")},
        {QStringLiteral("§2.6"), QObject::tr("Multi-head attention"),
         QObject::tr("Eight heads, eight patterns: the All heads grid shows them side by side. Click a head to "
                     "show it large and in the steps."),
         QStringLiteral("binoculars"), QStringLiteral("headsDock")},
        {QStringLiteral("§2.7"), QObject::tr("Heatmaps and flow diagrams"),
         QObject::tr("The same weights two ways: colour in the heatmap, arrows in the flow. Raise the threshold "
                     "or lower top-k to keep only the strong arrows."),
         QStringLiteral("cat-sat"), QStringLiteral("flowDock")},
        {QStringLiteral("§2.8"), QObject::tr("Your turn: the matrices are learned"),
         QObject::tr("W_Q, W_K and W_V are what training changes. Edit a cell in the Matrices panel and every "
                     "view follows; Model ▸ Open model… shows the heads of a real model."),
         QString(), QStringLiteral("matricesDock")},
    };
    return stops;
}

WalkthroughPanel::WalkthroughPanel(ShowStop show, QWidget *parent) : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    outer->addWidget(scroll);

    auto *cards = new QWidget(scroll);
    auto *layout = new QVBoxLayout(cards);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(12);
    int number = 1;
    for (const WalkthroughStop &stop : walkthroughStops()) {
        auto *heading = new QLabel(tr("<b>%1. %2</b> <span>(%3)</span>").arg(number++).arg(stop.title, stop.section), cards);
        heading->setWordWrap(true);
        auto *text = new QLabel(stop.text, cards);
        text->setWordWrap(true);
        auto *button = new QPushButton(tr("Show me"), cards);
        button->setObjectName(QStringLiteral("showStop"));
        button->setToolTip(tr("Open the example of %1 and bring its view forward").arg(stop.section));
        connect(button, &QPushButton::clicked, this, [show, stop] { show(stop); });
        layout->addWidget(heading);
        layout->addWidget(text);
        layout->addWidget(button, 0, Qt::AlignLeft);
    }
    layout->addStretch(1);
    scroll->setWidget(cards);
}

} // namespace attn::ui

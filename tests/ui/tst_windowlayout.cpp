// The window at the sizes people use (a 1024×640 laptop, the first start's 1472×920, a 1920×1080
// screen) in both themes: the heatmap and the flow keep the room they need, a layout saved on
// another screen is adapted, the menus name every entry, and every text colour reads (WCAG AA).
#include "windowtestutils.h"
#include "viewtestutils.h"
#include "checkpoint/modelworkspace.h"
#include "help/shortcutsdialog.h"
#include "help/walkthrough.h"
#include "theme.h"
#include "views/flow/flowview.h"
#include "views/heatmap/heatmapstyle.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steptheme.h"
#include "widgets/tokenstrip.h"
#include "widgets/tokenstripscroller.h"

#include <QApplication>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QTabBar>
#include <QStyleOptionButton>
#include <QDockWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QScrollBar>
#include <QTest>
#include <QToolBar>

using namespace attn;
using namespace attn::ui;

using testutils::presetStart;

namespace {

// Nine tokens: the count at which cell numbers vanished and column labels overlapped.
const QString kNineTokens = QStringLiteral("The cat sat on the mat and then slept");

QDockWidget *dockNamed(MainWindow &window, const char *name)
{
    return window.findChild<QDockWidget *>(QLatin1String(name));
}

// Shown on screen, not merely not hidden: a dock behind another tab has no visible region.
bool reallyVisible(QWidget *widget)
{
    return widget->isVisible() && !widget->visibleRegion().isEmpty();
}

QString describeLayout(MainWindow &window)
{
    const QRectF matrix = window.heatmap()->currentLayout().matrixRect();
    return QStringLiteral("window %1×%2, heatmap widget %3×%4, matrix %5×%6, flow %7×%8")
        .arg(window.width())
        .arg(window.height())
        .arg(window.heatmap()->width())
        .arg(window.heatmap()->height())
        .arg(matrix.width())
        .arg(matrix.height())
        .arg(dockNamed(window, "flowDock")->width())
        .arg(dockNamed(window, "flowDock")->height());
}

void showAt(MainWindow &window, const QSize &size)
{
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.resetLayout();
    QTRY_COMPARE(window.size(), size);
    QApplication::processEvents();
}

void checkRoomForTheDiagrams(MainWindow &window, const QSize &size)
{
    const QString layout = describeLayout(window);
    // The window obeys the size it is given: nothing below it falls off a laptop's screen.
    QVERIFY2(window.width() <= size.width() && window.height() <= size.height(), qPrintable(layout));
    QVERIFY2(window.minimumSizeHint().height() <= 640, qPrintable(layout));
    const QRectF matrix = window.heatmap()->currentLayout().matrixRect();
    QVERIFY2(matrix.width() >= 300 && matrix.height() >= 300, qPrintable(layout));
    QVERIFY2(matrix.right() <= window.heatmap()->width() && matrix.bottom() <= window.heatmap()->height(), qPrintable(layout));
    QDockWidget *flow = dockNamed(window, "flowDock");
    QVERIFY2(reallyVisible(flow), qPrintable(layout));
    QVERIFY2(flow->widget()->height() >= 200, qPrintable(layout));
    QVERIFY2(reallyVisible(dockNamed(window, "stepsDock")) || window.dockLayout() == DockLayout::Compact, qPrintable(layout));
    // No label of the heatmap overlaps another, with the focused pair in bold.
    const HeatmapGeometry g = window.heatmap()->currentLayout();
    const Focus &focus = window.focusModel()->focus();
    const std::vector<testutils::Outline> labels = testutils::shownLabels(g, focus.query, focus.key);
    QVERIFY(!labels.empty());
    for (size_t i = 0; i < labels.size(); ++i)
        for (size_t j = i + 1; j < labels.size(); ++j)
            QVERIFY2(!labels[i].area.intersects(labels[j].area),
                     qPrintable(labels[i].name + QStringLiteral(" overlaps ") + labels[j].name + QStringLiteral(", ") + layout));
}

} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("AttentionExplorerTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowlayout"));
        QSettings().clear();
    }

    void init() { QSettings().clear(); }

    // First: the desktop palette has to be the application's before any theme is applied. A dark
    // desktop palette whose placeholder grey is too faint (Breeze Dark's reads at about 2:1) is
    // repaired for the views' secondary text.
    void aFaintSystemPaletteIsMadeReadable()
    {
        QPalette dim = QApplication::palette();
        dim.setColor(QPalette::Base, QColor(0x23, 0x26, 0x29));
        dim.setColor(QPalette::Window, QColor(0x31, 0x36, 0x3b));
        dim.setColor(QPalette::Text, QColor(0xef, 0xf0, 0xf1));
        dim.setColor(QPalette::PlaceholderText, QColor(0x50, 0x55, 0x5a));
        QVERIFY(contrastRatio(dim.color(QPalette::PlaceholderText), dim.color(QPalette::Base)) < 2.5);
        QApplication::setPalette(dim);
        applyTheme(Theme::System);
        const QPalette repaired = QApplication::palette();
        QVERIFY(contrastRatio(repaired.color(QPalette::PlaceholderText), repaired.color(QPalette::Base)) >= 4.5);
        QCOMPARE(repaired.color(QPalette::Base), dim.color(QPalette::Base)); // the rest is the desktop's
        QCOMPARE(repaired.color(QPalette::Text), dim.color(QPalette::Text));
    }

    void contrastRatioFollowsWcag()
    {
        QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(contrastRatio(Qt::white, Qt::white), 1.0);
        // #767676 on white is the classic lightest AA grey: 4.54.
        QVERIFY(qAbs(contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
    }

    void theDiagramsKeepTheirRoom_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("theme");
        QTest::addColumn<int>("expectedLayout");
        for (int theme : {int(Theme::Light), int(Theme::Dark)}) {
            const char *name = theme == int(Theme::Light) ? "light" : "dark";
            QTest::addRow("1024x640 %s", name) << QSize(1024, 640) << theme << int(DockLayout::Compact);
            QTest::addRow("1472x920 %s", name) << QSize(1472, 920) << theme << int(DockLayout::Compact);
            QTest::addRow("1920x1080 %s", name) << QSize(1920, 1080) << theme << int(DockLayout::Wide);
        }
    }

    void theDiagramsKeepTheirRoom()
    {
        QFETCH(QSize, size);
        QFETCH(int, theme);
        QFETCH(int, expectedLayout);
        QSettings().setValue(QStringLiteral("view/theme"), themeKey(Theme(theme))); // View ▸ Theme, as saved
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.sentenceEdit()->setPlainText(kNineTokens);
        showAt(window, size);
        // Nine tokens: no hint about flat colours (the 0–1 scale reads there).
        QVERIFY(!window.statusBar()->currentMessage().contains(QStringLiteral("Scale ▸")));
        // The application palette reaches the widgets by events.
        QTRY_COMPARE(window.heatmap()->palette().color(QPalette::Base), themePalette(Theme(theme)).color(QPalette::Base));
        QTRY_VERIFY(window.document()->result() && window.document()->result()->tokenCount() == 9);
        QCOMPARE(int(window.dockLayout()), expectedLayout);
        checkRoomForTheDiagrams(window, size);
        // Every text a view draws reads on its background.
        const HeatmapStyle heatmap = HeatmapStyle::forWidget(*window.heatmap());
        QVERIFY(contrastRatio(heatmap.text, heatmap.background) >= 4.5);
        QVERIFY2(contrastRatio(heatmap.mutedText, heatmap.background) >= 4.5,
                 qPrintable(QStringLiteral("%1 on %2").arg(heatmap.mutedText.name(), heatmap.background.name())));
        const StepTheme steps = StepTheme::forPalette(window.palette());
        for (const QColor &text : {steps.text, steps.muted, steps.heading, steps.query, steps.key})
            QVERIFY2(contrastRatio(text, steps.background) >= 4.5,
                     qPrintable(QStringLiteral("%1 on %2").arg(text.name(), steps.background.name())));
        const QPalette palette = window.palette();
        for (auto [fore, back] : {std::pair{QPalette::WindowText, QPalette::Window}, std::pair{QPalette::Text, QPalette::Base},
                                  std::pair{QPalette::ButtonText, QPalette::Button},
                                  std::pair{QPalette::PlaceholderText, QPalette::Base},
                                  std::pair{QPalette::PlaceholderText, QPalette::Window},
                                  std::pair{QPalette::ToolTipText, QPalette::ToolTipBase},
                                  std::pair{QPalette::HighlightedText, QPalette::Highlight}})
            QVERIFY2(contrastRatio(palette.color(fore), palette.color(back)) >= 4.5,
                     qPrintable(QStringLiteral("%1 on %2 (roles %3, %4)").arg(palette.color(fore).name(), palette.color(back).name()).arg(int(fore)).arg(int(back))));
        // What the heatmap paints on screen is the palette's: its corner is the theme's base colour.
        const QImage shot = window.heatmap()->grab().toImage();
        QCOMPARE(shot.pixelColor(2, 2).rgb(), palette.color(QPalette::Base).rgb());
        applyTheme(Theme::System);
    }

    // An unchecked box is seen on a light and on a dark window: its outline reaches the 3:1 that
    // WCAG asks of a control's edge (Fusion's own outline is the window colour darkened, ~1.2:1 on dark).
    void anUncheckedBoxShowsInBothThemes()
    {
        for (Theme theme : {Theme::Light, Theme::Dark}) {
            applyTheme(theme);
            QCheckBox box(QStringLiteral("Causal mask"));
            box.resize(box.sizeHint());
            box.show();
            QVERIFY(QTest::qWaitForWindowExposed(&box));
            QTRY_COMPARE(box.palette().color(QPalette::Window), themePalette(theme).color(QPalette::Window));
            QStyleOptionButton option;
            option.initFrom(&box);
            const QRect indicator = box.style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, &box);
            const QImage shot = box.grab().toImage();
            double strongest = 1;
            for (int y = indicator.top(); y <= indicator.bottom(); ++y)
                for (int x = indicator.left(); x <= indicator.right(); ++x)
                    strongest = std::max(strongest, contrastRatio(shot.pixelColor(x, y), box.palette().color(QPalette::Window)));
            QVERIFY2(strongest >= 3.0, qPrintable(QStringLiteral("%1: %2").arg(themeKey(theme)).arg(strongest)));
        }
        applyTheme(Theme::System);
    }

    // The sequence: a small window, then a large one again. The proportions come
    // back, and the heatmap never shrinks to a speck on the way.
    void resizingAcrossSizesRearranges()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        showAt(window, QSize(1920, 1080));
        QCOMPARE(window.dockLayout(), DockLayout::Wide);
        window.resize(1024, 700);
        QTRY_COMPARE(window.dockLayout(), DockLayout::Compact);
        QTRY_VERIFY(dockNamed(window, "flowDock")->widget()->height() >= 200); // the new arrangement laid out
        checkRoomForTheDiagrams(window, QSize(1024, 700));
        window.resize(1920, 1080);
        QTRY_COMPARE(window.dockLayout(), DockLayout::Wide);
        QTRY_COMPARE(window.size(), QSize(1920, 1080));
        QTRY_VERIFY(window.heatmap()->currentLayout().matrixRect().height() >= 300);
        checkRoomForTheDiagrams(window, QSize(1920, 1080));
    }

    // A layout saved on a large screen is not applied blindly on a laptop.
    void aSavedLayoutFromAnotherScreenIsAdapted()
    {
        {
            MainWindow wide(presetStart(QStringLiteral("cat-sat")));
            showAt(wide, QSize(1920, 1080));
            QVERIFY(wide.close()); // saves the layout
        }
        QCOMPARE(QSettings().value(QStringLiteral("window/dockLayout")).toString(), QStringLiteral("wide"));
        MainWindow laptop(presetStart(QStringLiteral("cat-sat")));
        laptop.resize(1024, 640);
        laptop.show();
        QVERIFY(QTest::qWaitForWindowExposed(&laptop));
        QTRY_COMPARE(laptop.dockLayout(), DockLayout::Compact);
        QApplication::processEvents();
        checkRoomForTheDiagrams(laptop, QSize(1024, 640));
    }

    // Toggling an unrelated dock does not move the heatmap's share (the issue saw it jump).
    void anUnrelatedDockLeavesTheHeatmapAlone()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        showAt(window, QSize(1920, 1080));
        const QSize before = window.heatmap()->size();
        QDockWidget *history = dockNamed(window, "historyDock");
        history->show();
        QApplication::processEvents();
        history->hide();
        QApplication::processEvents();
        QCOMPARE(window.heatmap()->size(), before);
    }

    void menusNameEveryEntry()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        std::function<void(const QMenu &, const QString &)> check = [&](const QMenu &menu, const QString &path) {
            for (QAction *action : menu.actions()) {
                if (action->isSeparator())
                    continue;
                QVERIFY2(!action->text().trimmed().isEmpty(), qPrintable(path + QStringLiteral(": a blank entry")));
                if (action->menu())
                    check(*action->menu(), path + QStringLiteral(" ▸ ") + action->text());
            }
        };
        QStringList titles;
        for (QAction *action : window.menuBar()->actions()) {
            titles << QString(action->text()).remove(u'&');
            check(*action->menu(), action->text());
        }
        QCOMPARE(titles, (QStringList{QStringLiteral("File"), QStringLiteral("Edit"), QStringLiteral("Examples"), QStringLiteral("Model"), QStringLiteral("View"), QStringLiteral("Help")}));
        QMenu *view = window.menuBar()->actions()[4]->menu();
        QStringList viewEntries;
        for (QAction *action : view->actions())
            viewEntries << QString(action->text()).remove(u'&');
        QVERIFY2(viewEntries.contains(QStringLiteral("Reset layout")), qPrintable(viewEntries.join(u',')));
        QVERIFY2(viewEntries.contains(QStringLiteral("Toolbar")), qPrintable(viewEntries.join(u',')));
        QVERIFY2(viewEntries.contains(QStringLiteral("Theme")), qPrintable(viewEntries.join(u',')));
        QVERIFY(!viewEntries.contains(QStringLiteral("View")));
        QMenu *help = window.menuBar()->actions()[5]->menu();
        QStringList helpEntries;
        for (QAction *action : help->actions())
            helpEntries << QString(action->text()).remove(u'&');
        for (const char *entry : {"Getting started", "The walk-through", "Keyboard shortcuts", "About Attention Explorer"})
            QVERIFY2(helpEntries.contains(QLatin1String(entry)), entry);
    }

    // Every control of the window says what it does: a tooltip on each button, box, slider and field.
    void everyControlHasATooltip()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        showAt(window, QSize(1920, 1080));
        QStringList silent;
        for (QWidget *widget : window.findChildren<QWidget *>()) {
            const bool control = qobject_cast<QAbstractButton *>(widget) || qobject_cast<QComboBox *>(widget)
                                 || qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QAbstractSlider *>(widget)
                                 || qobject_cast<QLineEdit *>(widget);
            // Qt's own parts of other widgets: scroll bars, a tab bar's arrows, a table's corner, a
            // line edit's clear icon, a dock's title buttons.
            const QString className = QString::fromLatin1(widget->metaObject()->className());
            if (!control || qobject_cast<QScrollBar *>(widget) || qobject_cast<QTabBar *>(widget->parentWidget())
                || widget->objectName().startsWith(QLatin1String("qt_")) || className == QLatin1String("QTableCornerButton")
                || className == QLatin1String("QLineEditIconButton"))
                continue;
            if (qobject_cast<QLineEdit *>(widget) && qobject_cast<QAbstractSpinBox *>(widget->parentWidget()))
                continue; // a spin box's own editor: the spin box has the tooltip
            if (qobject_cast<QLineEdit *>(widget) && qobject_cast<QComboBox *>(widget->parentWidget()))
                continue;
            if (widget->toolTip().isEmpty())
                silent << QStringLiteral("%1 %2 (%3)").arg(QString::fromLatin1(widget->metaObject()->className()),
                                                          widget->objectName(),
                                                          qobject_cast<QAbstractButton *>(widget)
                                                              ? qobject_cast<QAbstractButton *>(widget)->text()
                                                              : QString());
        }
        QVERIFY2(silent.isEmpty(), qPrintable(silent.join(QStringLiteral("; "))));
    }

    // The model's docks are not there before a model is, and their View entries are off.
    void modelDocksWaitForAModel()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        showAt(window, QSize(1920, 1080));
        for (QDockWidget *dock : window.modelWorkspace()->docks()) {
            QVERIFY2(!dock->isVisible(), qPrintable(dock->windowTitle()));
            QVERIFY(!dock->toggleViewAction()->isEnabled());
        }
        QVERIFY(reallyVisible(dockNamed(window, "headsDock")));
    }

    // Every menu shortcut is in the list (read from the menus), and the view keys follow.
    void theShortcutListReadsTheMenus()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        const std::vector<ShortcutEntry> entries = shortcutEntries(*window.menuBar());
        auto has = [&](const QString &keys, const QString &what) {
            return std::any_of(entries.begin(), entries.end(),
                               [&](const ShortcutEntry &e) { return e.keys == keys && e.what.contains(what); });
        };
        QVERIFY(has(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText), QStringLiteral("Edit ▸ Undo")));
        QVERIFY(has(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R).toString(QKeySequence::NativeText),
                    QStringLiteral("View ▸ Reset layout")));
        QVERIFY(has(QStringLiteral("Esc"), QStringLiteral("Clear the focus")));
    }

    // Each stop of the walk-through opens its example and brings its view forward.
    void theWalkthroughShowsEachStop()
    {
        MainWindow window(presetStart(QStringLiteral("seed-hello-world")));
        showAt(window, QSize(1920, 1080));
        auto *dock = dockNamed(window, "walkthroughDock");
        QVERIFY(!dock->isVisible());
        QAction *walk = nullptr;
        for (QAction *action : window.menuBar()->actions()[5]->menu()->actions())
            if (action->text().contains(QStringLiteral("walk-through")))
                walk = action;
        QVERIFY(walk);
        walk->trigger();
        QTRY_VERIFY(reallyVisible(dock));
        const QList<QPushButton *> buttons = dock->findChildren<QPushButton *>(QStringLiteral("showStop"));
        QCOMPARE(buttons.size(), int(walkthroughStops().size()));
        const int longRange = 3; // §2.5: the long-range sentence and the flow
        QCOMPARE(walkthroughStops()[longRange].section, QStringLiteral("§2.5"));
        buttons[longRange]->click();
        QCOMPARE(window.sentenceEdit()->toPlainText(), QStringLiteral("The cat that I saw yesterday sat on the mat"));
        QTRY_VERIFY(reallyVisible(dockNamed(window, "flowDock")));
    }

    // The first start with a long text on a laptop (--text-file): the window takes the screen's size
    // before it is shown; the arrangement made before it knows its size must not stretch it.
    void aLongFirstStartFitsALaptop()
    {
        StartState start = presetStart(QStringLiteral("cat-sat"));
        QStringList words;
        for (int i = 0; i < 300; ++i)
            words << QStringLiteral("w%1").arg(i);
        start.sentence = words.join(u' ');
        start.presetName.clear();
        MainWindow window(start);
        window.resize(1024, 640);
        QCOMPARE(window.size(), QSize(1024, 640));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.dockLayout(), DockLayout::Compact);
        QTRY_VERIFY(window.heatmap()->currentLayout().matrixRect().height() >= 300);
        checkRoomForTheDiagrams(window, QSize(1024, 640));
    }

    // 320 tokens: the chips scroll two rows high and say how many more there are.
    void longTextChipsScrollAndCount()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        QStringList words;
        for (int i = 0; i < 320; ++i)
            words << QStringLiteral("w%1").arg(i);
        window.sentenceEdit()->setPlainText(words.join(u' '));
        showAt(window, QSize(1024, 640));
        QTRY_COMPARE(int(window.tokenStrip()->tokens().size()), 320);
        // Weights near 1/320 are one colour at 0–1: the status bar says how to spread them.
        QTRY_VERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("Scale ▸ Per row")),
                     qPrintable(window.statusBar()->currentMessage()));
        auto *scroller = window.findChild<TokenStripScroller *>();
        QVERIFY(scroller);
        QTRY_VERIFY(scroller->chipsBelowView() > 0);
        const qreal rowHeight = window.tokenStrip()->chipRect(0).height();
        QVERIFY2(scroller->height() <= 2 * rowHeight + 12, qPrintable(QString::number(scroller->height())));
        // The count is the chips below the view, read from the chips' own rectangles.
        int below = 0;
        const int bottom = scroller->viewport()->height();
        for (int i = 0; i < 320; ++i)
            below += window.tokenStrip()->chipRect(i).bottom() > bottom ? 1 : 0;
        QCOMPARE(scroller->chipsBelowView(), below);
        QCOMPARE(scroller->moreText(), QStringLiteral("+%1 more").arg(below));
        // Focusing the last token elsewhere scrolls its chip into view and the count drops to none.
        window.focusModel()->pin(319, 0);

        QTRY_COMPARE(scroller->chipsBelowView(), 0);
        QVERIFY(scroller->moreText().isEmpty());
    }
};

QTEST_MAIN(TestWindowLayout)
#include "tst_windowlayout.moc"

// The whole window as a newcomer uses it: type a sentence, hover "cat" → "mat", read the same
// number in the heatmap's tooltip, the arrows and the step panel.
#include "windowtestutils.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"
#include "widgets/colorscalebox.h"
#include "widgets/tokenstrip.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QMouseEvent>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>

using namespace attn;
using namespace attn::ui;

using testutils::presetStart;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("attention-explorer-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    }

    void opensOnTheSeedsExample()
    {
        MainWindow window(presetStart(QStringLiteral("seed-hello-world")));
        window.show();
        QTRY_VERIFY(window.document()->result());
        QCOMPARE(window.document()->result()->tokenCount(), 2);
        QCOMPARE(window.sentenceEdit()->toPlainText(), QStringLiteral("Hello World"));
        // It opens on the seed's question: Hello → World.
        QCOMPARE(window.focusModel()->focus().query, 0);
        QCOMPARE(window.focusModel()->focus().key, 1);
        QVERIFY(window.stepPanel()->plainText().contains(QStringLiteral("0.024")));
        QVERIFY(window.headGrid()->exportTitle().startsWith(QStringLiteral("The only head — ")));
    }

    void typingUpdatesEveryView()
    {
        MainWindow window(presetStart(QStringLiteral("hello-world-heads")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy results(window.document(), &AttentionDocument::resultChanged);

        window.sentenceEdit()->clear();
        window.sentenceEdit()->setFocus();
        QTest::keyClicks(window.sentenceEdit(), QStringLiteral("The cat sat on the mat"));
        QCOMPARE(int(window.tokenStrip()->tokens().size()), 6); // the chips follow every keystroke at once
        QTRY_VERIFY(window.document()->result() && window.document()->result()->tokenCount() == 6);
        QVERIFY(results.count() >= 1);
        QCOMPARE(window.heatmap()->currentLayout().rows, 6);
        QCOMPARE(window.heatmap()->currentLayout().cols, 6);
        QCOMPARE(window.tokenStrip()->tokens()[1].text, QStringLiteral("cat"));
        // Each chip shows its whole word, not an elided "c…".
        for (int i = 0; i < 6; ++i)
            QCOMPARE(window.tokenStrip()->visibleChipText(i), window.tokenStrip()->tokens()[size_t(i)].text);
    }

    void wrappedChipsStayVisible()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.resize(1000, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.sentenceEdit()->setPlainText(QStringLiteral(
            "The quick brown fox jumps over the lazy dog while the cat sat on the mat and watched the birds "
            "in the garden behind the old house"));
        TokenStrip *strip = window.tokenStrip();
        QTRY_VERIFY(int(strip->tokens().size()) == 27);
        const QRectF last = strip->chipRect(26);
        QVERIFY2(last.top() > strip->chipRect(0).bottom(), "the chips did not wrap at this width");
        QTRY_VERIFY2(strip->height() >= last.bottom(),
                     qPrintable(QStringLiteral("strip %1 high, last chip ends at %2").arg(strip->height()).arg(last.bottom())));
    }

    void hoverCatToMatReadsTheSameEverywhere()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(window.document()->result() && window.document()->result()->tokenCount() == 6);
        const ResultPtr result = window.document()->result();

        window.focusModel()->setHead(3);
        const QRectF cell = window.heatmap()->currentLayout().cellRect(1, 5); // "cat" → "mat"
        const QPointF at = cell.center();
        QMouseEvent move(QEvent::MouseMove, at, window.heatmap()->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                         Qt::NoModifier);
        QApplication::sendEvent(window.heatmap(), &move);
        QTRY_COMPARE(window.focusModel()->focus().query, 1);
        QCOMPARE(window.focusModel()->focus().key, 5);
        QCOMPARE(window.focusModel()->focus().head, 3);

        const float weight = result->layers[0].heads[3].weights(1, 5);
        const QString percent = QString::number(weight * 100.0, 'f', 1) + QLatin1Char('%');
        const QString tip = window.heatmap()->toolTipAt(cell.center());
        QVERIFY2(tip.contains(QStringLiteral("head 3")) && tip.contains(QStringLiteral("\"cat\" → \"mat\"")), qPrintable(tip));
        QVERIFY2(tip.contains(percent), qPrintable(tip + QStringLiteral(" lacks ") + percent));

        const QString edgeTip = window.arcFlow()->edgeToolTip({3, 1, 5, weight});
        QVERIFY2(edgeTip.contains(percent), qPrintable(edgeTip));

        QTRY_COMPARE(window.stepPanel()->shownQuery(), 1);
        QCOMPARE(window.stepPanel()->shownKey(), 5);
        QVERIFY2(window.stepPanel()->plainText().contains(QString::number(weight, 'f', 3)),
                 qPrintable(window.stepPanel()->plainText()));
    }

    void settingsAndUndoRecompute()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.show();
        QTRY_VERIFY(window.document()->result() && window.document()->result()->headCount() == 8);
        AttentionConfig config = window.document()->config();
        config.heads = 3;
        window.document()->setConfig(config);
        QTRY_COMPARE(window.document()->result()->headCount(), 3);
        window.document()->undoStack()->undo();
        QTRY_COMPARE(window.document()->result()->headCount(), 8);
    }

    void tooManyTokensSaysSoAndKeepsTheText()
    {
        MainWindow window(presetStart(QStringLiteral("cat-sat")));
        window.show();
        QTRY_VERIFY(window.document()->result());
        QSignalSpy failures(window.document(), &AttentionDocument::computeFailed);
        const QString huge = QStringLiteral("w ").repeated(Limits::maxTokens + 10);
        window.sentenceEdit()->setPlainText(huge);
        QTRY_COMPARE(failures.count(), 1);
        QVERIFY(failures.first().first().toString().contains(QString::number(Limits::maxTokens)));
        QCOMPARE(window.sentenceEdit()->toPlainText(), huge); // nothing the person typed is lost
    }

    // The colour scale is a preference like the colour map: the toolbar's "Scale" box, kept in
    // QSettings from one start to the next.
    void colourScaleIsRemembered()
    {
        QSettings settings;
        const QStringList keys = settings.allKeys();
        QHash<QString, QVariant> before;
        for (const QString &key : keys)
            before.insert(key, settings.value(key));
        settings.setValue(QStringLiteral("view/colorScale"), QStringLiteral("visible"));
        settings.setValue(QStringLiteral("view/colorTransfer"), QStringLiteral("log"));
        {
            MainWindow window(presetStart(QStringLiteral("cat-sat")));
            window.show();
            QCOMPARE(window.viewOptions()->options().colorScale, ColorScale::Visible);
            QCOMPARE(window.viewOptions()->options().colorTransfer, ColorTransfer::Log);
            auto *box = window.findChild<ColorScaleBox *>();
            QVERIFY(box);
            const auto *label = qobject_cast<QLabel *>(box->scaleBox()->parentWidget()->findChild<QLabel *>());
            QVERIFY(label && label->text().contains(QStringLiteral("Scale")) && label->buddy() == box->scaleBox());
            QCOMPARE(box->scaleBox()->currentText(), QStringLiteral("Visible"));
            box->scaleBox()->setCurrentIndex(box->scaleBox()->findData(int(ColorScale::Row)));
            box->transferBox()->setCurrentIndex(box->transferBox()->findData(int(ColorTransfer::Power)));
            QCOMPARE(window.viewOptions()->options().colorScale, ColorScale::Row);
            QCOMPARE(window.viewOptions()->options().colorTransfer, ColorTransfer::Power);
            QVERIFY(window.close());
        }
        settings.sync();
        QCOMPARE(settings.value(QStringLiteral("view/colorScale")).toString(), QStringLiteral("row"));
        QCOMPARE(settings.value(QStringLiteral("view/colorTransfer")).toString(), QStringLiteral("power"));

        // Leave the settings as they were for the next run.
        settings.clear();
        for (auto it = before.cbegin(); it != before.cend(); ++it)
            settings.setValue(it.key(), it.value());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

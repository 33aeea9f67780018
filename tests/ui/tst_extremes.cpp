// The whole window at the edges: every script and emoji, zero-width and right-to-left text,
// whitespace only and nothing at all tokenize and paint; a 100,000-character paste is cut with a
// message and never hangs; matrices of ±1e30 and 1e-30 put no NaN into any number a view shows;
// 10,000 keystrokes leave memory flat (the resident size is measured and printed).
#include "windowtestutils.h"
#include "views/flow/flowview.h"
#include "views/heatmap/celltext.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"
#include "widgets/tokenstrip.h"

#include "core/tokenizers/wordtokenizer.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QTest>

#include <unistd.h>

#include <memory>

using namespace attn;
using namespace attn::ui;

namespace {

using testutils::kAddressSanitizer;


QString u(const char *utf8)
{
    return QString::fromUtf8(utf8);
}

// Resident set size of this process in MiB, from /proc/self/statm.
double residentMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1.0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields[1].toDouble() * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0) : -1.0;
}

// Pixels that differ from the top-left one: something was drawn.
bool hasInk(const QImage &image)
{
    const QRgb background = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            if (image.pixel(x, y) != background)
                return true;
    return false;
}

QImage render(const ExportableView &view)
{
    const QSize size = view.contentSize().expandedTo(QSize(64, 64)).boundedTo(QSize(3000, 3000));
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    view.paintContent(painter, size, true);
    return image;
}

bool mentionsNaN(const QString &text)
{
    return text.contains(QLatin1String("nan"), Qt::CaseInsensitive);
}

} // namespace

class TestExtremes : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<MainWindow> m_window;

    AttentionDocument *document() { return m_window->document(); }

    // Types `text` as one edit and waits until the document has computed it (or refused it).
    bool enter(const QString &text)
    {
        m_window->sentenceEdit()->setPlainText(text);
        return QTest::qWaitFor([&] { return !document()->isBusy() && document()->result()
                                            && document()->sentence() == text.left(Limits::maxTextLength); },
                               30'000);
    }

private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("attention-explorer-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_extremes"));
        QVERIFY(findPreset(QStringLiteral("seed-hello-world")));
        m_window = std::make_unique<MainWindow>(testutils::presetStart(QStringLiteral("seed-hello-world")));
        m_window->resize(1200, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY(document()->result());
    }

    void cleanupTestCase() { m_window.reset(); }

    void scriptsTokenizeAndPaint_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("emoji") << u("I \u2764\ufe0f \U0001F431 \U0001F469\u200d\U0001F4BB \U0001F44D\U0001F3FD \U0001F1EB\U0001F1F7!");
        QTest::newRow("CJK") << u("日本語のテキスト 中文，标点。 한국어");
        QTest::newRow("right to left") << u("שלום עולם مرحبا بالعالم The כלב barked");
        QTest::newRow("combining marks") << u("cafe\u0301 x\u0301\u0302\u0303\u0304 शान्ति");
        QTest::newRow("zero-width") << u("a\u200bb\u200cc\u200dd\ufeffe\u2060f");
        QTest::newRow("astral letters") << u("\U0001D49C\U0001D4C1\U0001D4C5 \U00010348");
        QTest::newRow("whitespace only") << u("   \t\n \u00a0\u3000 ");
        QTest::newRow("empty") << QString();
    }
    void scriptsTokenizeAndPaint()
    {
        QFETCH(QString, text);
        QVERIFY(enter(text));
        QVERIFY2(document()->errorText().isEmpty(), qPrintable(document()->errorText()));

        // The document's tokens are the word tokenizer's (tested on its own in tst_extremeinput).
        const TokenList expected = tokenizeWords(text);
        const ResultPtr result = document()->result();
        QCOMPARE(result->tokenCount(), int(expected.size()));
        for (size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(result->tokens[i].text, expected[i].text);

        // Every view paints the text without crashing, and draws something when there are tokens.
        const std::pair<const char *, const ExportableView *> views[] = {
            {"heatmap", m_window->heatmap()}, {"head grid", m_window->headGrid()},
            {"columns", m_window->columnFlow()}, {"arcs", m_window->arcFlow()}, {"steps", m_window->stepPanel()}};
        for (const auto &[name, view] : views) {
            const QImage image = render(*view);
            if (!expected.empty())
                QVERIFY2(hasInk(image), name);
        }
        QImage strip(m_window->tokenStrip()->size().expandedTo(QSize(16, 16)), QImage::Format_ARGB32_Premultiplied);
        m_window->tokenStrip()->render(&strip);
        if (!expected.empty())
            QVERIFY(hasInk(strip));
        if (!expected.empty()) {
            for (int q = 0; q < result->tokenCount(); ++q)
                QVERIFY(!cellToolTip(*result, 0, 0, q, 0).isEmpty());
        }
    }

    // A whole book pasted: the text is cut to the limit with a message on the status bar, the
    // token limit is stated, and the window answers the next keystroke.
    void hugePaste()
    {
        QString book;
        while (book.size() < 120'000)
            book += QStringLiteral("word ");
        QPlainTextEdit *edit = m_window->sentenceEdit();
        edit->clear();
        QElapsedTimer timer;
        timer.start();
        edit->insertPlainText(book); // what Ctrl+V does
        const qint64 pasteMs = timer.elapsed();
        QCOMPARE(document()->sentence().size(), Limits::maxTextLength);
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QString::number(Limits::maxTextLength)),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(!document()->isBusy(), 30'000);
        QTRY_VERIFY_WITH_TIMEOUT(document()->errorText().contains(QStringLiteral("the limit is 4096")), 30'000);
        const qint64 settledMs = timer.elapsed();

        timer.restart();
        QTest::keyClick(edit, Qt::Key_Backspace);
        const qint64 keystrokeMs = timer.elapsed();
        qInfo("paste of %lld characters: %lld ms in the paste, %lld ms until the message; next keystroke %lld ms",
              qint64(book.size()), pasteMs, settledMs, keystrokeMs);

        // Back to a short text: the error goes away and the views compute again.
        QVERIFY(enter(QStringLiteral("The cat sat on the mat")));
        QVERIFY(document()->errorText().isEmpty());
    }

    // ±1e30 overflows q·k to ±inf and 1e-30 underflows it: the numbers the heatmap tooltips and
    // the step panel show must never read "nan".
    void extremeMatrices_data()
    {
        QTest::addColumn<float>("magnitude");
        QTest::newRow("1e30") << 1e30f;
        QTest::newRow("1e-30") << 1e-30f;
    }
    void extremeMatrices()
    {
        QFETCH(float, magnitude);
        QVERIFY(enter(QStringLiteral("the cat sat on the mat")));
        LearnedMatrices weights = document()->weights();
        auto fill = [&](Matrix &m) {
            for (Eigen::Index i = 0; i < m.size(); ++i)
                m.data()[i] = (i % 2 ? -magnitude : magnitude) * float(1 + i % 3);
        };
        for (HeadWeights &head : weights.heads) {
            fill(head.wQ);
            fill(head.wK);
            fill(head.wV);
        }
        fill(weights.wO);
        document()->setWeights(weights, QStringLiteral("extreme"));
        QTRY_VERIFY_WITH_TIMEOUT(!document()->isBusy() && document()->result()
                                     && document()->result()->layers.front().heads.front().wQ(0, 0) == magnitude,
                                 30'000);
        const ResultPtr result = document()->result();
        const int n = result->tokenCount();
        QStringList shown;
        for (int h = 0; h < result->headCount(); ++h) {
            QVERIFY(result->layers.front().heads[h].weights.allFinite());
            m_window->focusModel()->setHead(h);
            for (int q = 0; q < n; ++q) {
                for (int k = 0; k < n; ++k) {
                    const QString tip = cellToolTip(*result, 0, h, q, k);
                    QVERIFY2(!mentionsNaN(tip), qPrintable(tip));
                    m_window->focusModel()->pin(q, k);
                    const QString steps = m_window->stepPanel()->plainText();
                    QVERIFY2(!mentionsNaN(steps), qPrintable(QStringLiteral("head %1, %2 → %3:\n%4").arg(h).arg(q).arg(k).arg(steps)));
                    if (q == 1 && k == 0 && h == 0)
                        shown << tip << steps;
                    m_window->focusModel()->pin(q, k); // unpin
                }
            }
        }
        const QImage heatmap = render(*m_window->heatmap());
        QVERIFY(hasInk(heatmap));
        qInfo("%s", qPrintable(shown.join(QStringLiteral("\n----\n")).left(1500)));
        document()->undoStack()->undo();
    }

    // 10,000 keystrokes that type a phrase and delete it again, as a person edits for hours.
    // Warm-up 2,000; then the resident size after 4,000 more and after the last 4,000. Printed
    // always; asserted (without a sanitizer's quarantine in the way) only against growth that
    // would mean a leak per keystroke: at most 16 MiB over the last 4,000.
    void tenThousandKeystrokes()
    {
        QVERIFY(enter(QString()));
        QPlainTextEdit *edit = m_window->sentenceEdit();
        edit->setFocus();
        const QString phrase = QStringLiteral("the cat sat ");
        int keystrokes = 0;
        auto type = [&](int count) { // false when the last computation does not finish
            const int end = keystrokes + count;
            while (keystrokes < end) {
                for (const QChar c : phrase) {
                    QTest::keyClick(edit, c.toLatin1());
                    ++keystrokes;
                }
                QCoreApplication::processEvents();
                for (int i = 0; i < phrase.size(); ++i) {
                    QTest::keyClick(edit, Qt::Key_Backspace);
                    ++keystrokes;
                }
                QCoreApplication::processEvents();
            }
            return QTest::qWaitFor([&] { return !document()->isBusy(); }, 30'000);
        };
        QElapsedTimer timer;
        timer.start();
        const double start = residentMiB();
        QVERIFY(type(2'000));
        const double warm = residentMiB();
        QVERIFY(type(4'000));
        const double middle = residentMiB();
        QVERIFY(type(4'000));
        const double end = residentMiB();
        qInfo("%d keystrokes in %lld ms; resident MiB: start %.1f, after warm-up %.1f, +4000 %.1f, +4000 %.1f%s",
              keystrokes, timer.elapsed(), start, warm, middle, end,
              kAddressSanitizer ? " (AddressSanitizer: not asserted)" : "");
        QVERIFY(keystrokes >= 10'000);
        QVERIFY(edit->toPlainText().isEmpty());
        if (!kAddressSanitizer && end > 0)
            QVERIFY2(end - middle <= 16.0, qPrintable(QStringLiteral("grew %1 MiB over the last 4,000 keystrokes").arg(end - middle)));
    }
};

QTEST_MAIN(TestExtremes)
#include "tst_extremes.moc"

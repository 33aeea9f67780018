// The real window: one keystroke in the sentence box until every visible view has repainted, and
// the app's startup to its first painted window.
#include "benchcases.h"
#include "benchinputs.h"
#include "benchreport.h"

#include "mainwindow.h"
#include "views/flow/flowview.h"
#include "views/heatmap/headgridview.h"
#include "views/heatmap/heatmapview.h"
#include "views/steps/steppanel.h"
#include "widgets/tokenstrip.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPlainTextEdit>
#include <QPaintEvent>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

namespace attn::bench {

namespace {

// Records which of the watched views painted (any widget inside one counts for it: the step panel
// paints through its canvas).
class PaintWatcher : public QObject
{
public:
    explicit PaintWatcher(std::vector<QWidget *> views) : m_views(std::move(views)), m_painted(m_views.size()) {}

    void reset() { std::fill(m_painted.begin(), m_painted.end(), false); }
    bool allPainted() const { return std::all_of(m_painted.begin(), m_painted.end(), [](bool p) { return p; }); }
    int count() const { return int(m_views.size()); }
    QStringList log; // AE_BENCH_DEBUG: every widget painted
    QString missing() const
    {
        QStringList names;
        for (size_t i = 0; i < m_views.size(); ++i)
            if (!m_painted[i])
                names << QString::fromLatin1(m_views[i]->metaObject()->className());
        return names.join(QLatin1Char(' '));
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && watched->isWidgetType() && m_logging) {
            const QRect r = static_cast<QPaintEvent *>(event)->rect();
            log << QStringLiteral("%1(%2x%3)@%4").arg(QString::fromLatin1(watched->metaObject()->className()))
                       .arg(r.width()).arg(r.height()).arg(clock ? double(clock->nsecsElapsed()) / 1e6 : -1.0, 0, 'f', 1);
        }
        if ((event->type() == QEvent::Resize || event->type() == QEvent::Move || event->type() == QEvent::LayoutRequest)
            && watched->isWidgetType() && m_logging)
            log << QStringLiteral("[%1 %2 %3]").arg(int(event->type())).arg(QString::fromLatin1(watched->metaObject()->className()), watched->objectName());
        if (event->type() == QEvent::Paint && watched->isWidgetType())
            for (size_t i = 0; i < m_views.size(); ++i)
                if (m_views[i] == watched || m_views[i]->isAncestorOf(static_cast<QWidget *>(watched)))
                    m_painted[i] = true;
        return false;
    }

private:
    std::vector<QWidget *> m_views;
    std::vector<bool> m_painted;

public:
    const QElapsedTimer *clock = nullptr; // AE_BENCH_DEBUG: when each paint happened

public:
    bool m_logging = false;
};

} // namespace

void runKeystrokeCase(int reps)
{
    const QString name = QStringLiteral("keystroke -> all views repainted, 64 tok x 8 heads");
    if (!wanted(name))
        return;
    const AttentionLayerInput input = toyInput(64, 8, 64);
    ui::MainWindow window(ui::StartState{{}, sentenceOf(64), {input.config, input.weights, {}}});
    window.resize(1400, 900);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        qFatal("keystroke: the window was not exposed");
    QTRY_VERIFY_WITH_TIMEOUT(window.document()->result() && !window.document()->isBusy(), 10000);
    QTest::qWait(200); // let the first frames settle

    // The views that show the result and are visible now (the flow panel shows one tab at a time).
    // The token strip follows the text at once, before the result: it is watched from the keystroke,
    // the others from the moment the result is published.
    std::vector<QWidget *> views;
    for (QWidget *view : std::initializer_list<QWidget *>{window.heatmap(), window.headGrid(), window.columnFlow(),
                                                           window.arcFlow(), window.stepPanel()})
        if (view->isVisible())
            views.push_back(view);
    PaintWatcher resultViews(views);
    PaintWatcher strip({window.tokenStrip()});
    qApp->installEventFilter(&resultViews);
    qApp->installEventFilter(&strip);
    bool published = false;
    QElapsedTimer phase; // splits each keystroke: key handled, result published, views painted
    std::vector<double> keyMs, arrivedMs, publishMs, computeMs;
    // busyChanged(false) comes just before resultChanged: the worker's result has reached this thread.
    QObject::connect(window.document(), &ui::AttentionDocument::busyChanged, &resultViews, [&](bool busy) {
        if (!busy) {
            arrivedMs.push_back(double(phase.nsecsElapsed()) / 1e6);
            computeMs.push_back(window.document()->lastComputeMilliseconds());
        }
    });
    // Connected after the window's own connections: the views have taken the result when this runs.
    QObject::connect(window.document(), &ui::AttentionDocument::resultChanged, &resultViews, [&] {
        published = true;
        publishMs.push_back(double(phase.nsecsElapsed()) / 1e6);
        resultViews.reset();
    });

    QPlainTextEdit *edit = window.sentenceEdit();
    edit->moveCursor(QTextCursor::End);
    int turn = 0;
    int timedOut = 0;
    const auto oneKeystroke = [&] {
        published = false;
        resultViews.reset();
        strip.reset();
        // Alternately add a letter to the last word and take it away: still 64 tokens.
        phase.start();
        QTest::keyClick(edit, turn++ % 2 == 0 ? Qt::Key_S : Qt::Key_Backspace);
        keyMs.push_back(double(phase.nsecsElapsed()) / 1e6);
        QElapsedTimer guard;
        guard.start();
        while (!(published && resultViews.allPainted() && strip.allPainted())) {
            // Sleeps until the next event as the app's own loop does, leaving the core to the worker;
            // delivers the result, then the views' update requests.
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            if (guard.elapsed() > 5000) {
                if (qEnvironmentVariableIsSet("AE_BENCH_DEBUG"))
                    std::fprintf(stderr, "published %d strip %d %s\n", published, strip.allPainted(),
                                 qPrintable(resultViews.missing()));
                ++timedOut;
                break;
            }
        }
    };
    const std::vector<double> times = timeRuns(reps, 4, oneKeystroke);
    if (qEnvironmentVariableIsSet("AE_BENCH_DEBUG")) {
        strip.m_logging = true;
        strip.clock = &phase;
        QObject::connect(window.document(), &ui::AttentionDocument::resultChanged, &strip,
                         [&] { strip.log << QStringLiteral("--- result"); });
        oneKeystroke();
        std::fprintf(stderr, "painted: %s\n", qPrintable(strip.log.join(QLatin1Char(' '))));
    }
    qApp->removeEventFilter(&resultViews);
    qApp->removeEventFilter(&strip);
    report(name, times, 8.0,
           // A small input is computed on the keystroke itself: then no worker result comes back.
           (arrivedMs.empty()
                ? QStringLiteral("%1 views + token strip; computed and taken by all views while the key was handled (%2 ms)")
                      .arg(resultViews.count()).arg(median(keyMs), 0, 'f', 1)
                : QStringLiteral("%1 views + token strip; at %2 ms key handled, %3 result back (engine %4), %5 taken by all views")
                      .arg(resultViews.count())
                      .arg(median(keyMs), 0, 'f', 1)
                      .arg(median(arrivedMs), 0, 'f', 1)
                      .arg(median(computeMs), 0, 'f', 1)
                      .arg(median(publishMs), 0, 'f', 1))
               + (timedOut ? QStringLiteral(", %1 TIMED OUT").arg(timedOut) : QString()));
    // For scale: one synchronous repaint of the whole window (every widget, docks and bars too).
    report(QStringLiteral("whole window repaint, 64 tok x 8 heads"), timeRuns(reps, 3, [&] { window.repaint(); }), 0,
           QStringLiteral("what a relayout of the window costs"));
    window.grab().save(QStringLiteral("/tmp/bench-window.png"));
}

void runRoundTripCase(int reps)
{
    // What every recompute pays besides the engine: a pool thread wakes for the job and the UI
    // thread wakes for its result (the document's QtConcurrent::run + QFutureWatcher path).
    const QString name = QStringLiteral("worker thread round trip (empty job)");
    if (!wanted(name))
        return;
    report(name, timeRuns(reps, 3, [] {
               QFutureWatcher<int> watcher;
               bool done = false;
               QObject::connect(&watcher, &QFutureWatcherBase::finished, [&] { done = true; });
               watcher.setFuture(QtConcurrent::run([] { return 1; }));
               while (!done)
                   QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
           }),
           0, QStringLiteral("part of the keystroke"));
}

void runStartupCase(int reps, const QString &appPath)
{
    const QString name = QStringLiteral("startup to first painted window");
    if (!wanted(name))
        return;
    if (!QFileInfo(appPath).isExecutable()) {
        std::printf("skipped\t%s\tno app at %s\n", qPrintable(name), qPrintable(appPath));
        return;
    }
    QTemporaryDir config; // no saved geometry or settings from a person's own runs
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("AE_STARTUP_PROBE"), QStringLiteral("1"));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
    // Nor work a person's crashed session left to recover: its question would come before the window.
    env.insert(QStringLiteral("AE_RECOVERY_DIR"), config.filePath(QStringLiteral("recovery")));
    std::vector<double> wall, inside;
    for (int r = 0; r < reps + 1; ++r) {
        QProcess app;
        app.setProcessEnvironment(env);
        QElapsedTimer timer;
        timer.start();
        app.start(appPath, {});
        double seen = -1.0;
        QByteArray out;
        while (seen < 0 && app.waitForReadyRead(10000)) {
            out += app.readAllStandardOutput();
            if (out.contains("startup-ms")) {
                seen = double(timer.nsecsElapsed()) / 1e6;
                const QList<QByteArray> words = out.mid(out.indexOf("startup-ms")).simplified().split(' ');
                if (r > 0 && words.size() > 1)
                    inside.push_back(words[1].toDouble());
            }
        }
        app.waitForFinished(10000);
        if (seen < 0)
            qFatal("startup: the app printed no startup-ms line: %s", app.readAllStandardError().constData());
        if (r > 0) // the first run warms the disk cache
            wall.push_back(seen);
    }
    report(name, wall, 300.0,
           QStringLiteral("spawn to line; app's own figure %1 ms").arg(median(inside), 0, 'f', 0));
}

} // namespace attn::bench

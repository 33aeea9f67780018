// The one job runner (documents and model loading share it): work runs off the UI thread, one piece
// at a time; work submitted meanwhile waits and only the newest runs; a superseded piece's result is
// never delivered. Work is held on a semaphore, so the test decides the order, not timing.
#include "document/jobrunner.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>

using namespace attn::ui;

namespace {

// Work whose input is already taken: its prepare step returns it as it is.
std::function<std::function<int()>()> ready(std::function<int()> work)
{
    return [work = std::move(work)] { return work; };
}

} // namespace

class TestJobRunner : public QObject
{
    Q_OBJECT

private slots:
    void runsOffTheUiThreadAndDelivers()
    {
        JobRunner runner;
        QSignalSpy busy(&runner, &JobRunner::busyChanged);
        QThread *workThread = nullptr;
        int delivered = 0;
        QThread *deliveredOn = nullptr;
        runner.submit<int>(ready([&] {
                               workThread = QThread::currentThread();
                               return 42;
                           }),
            [&](const int &value) {
                delivered = value;
                deliveredOn = QThread::currentThread();
            });
        QVERIFY(runner.isBusy());
        QTRY_COMPARE(delivered, 42);
        QVERIFY(workThread && workThread != QThread::currentThread());
        QCOMPARE(deliveredOn, QThread::currentThread());
        QVERIFY(!runner.isBusy());
        QCOMPARE(busy.count(), 2);
        QCOMPARE(busy.at(0).at(0).toBool(), true);
        QCOMPARE(busy.at(1).at(0).toBool(), false);
    }

    // Keystrokes while a run is going: the running one's result is dropped, the waiting ones are
    // replaced by the newest, and only the newest is delivered.
    void onlyTheNewestWaitingPieceRunsAndIsDelivered()
    {
        JobRunner runner;
        QSemaphore firstMayFinish;
        std::atomic<int> runs{0};
        QList<int> delivered;
        auto deliver = [&](const int &value) { delivered.append(value); };
        int prepared = 0; // the input is taken when a piece starts, on this thread
        bool preparedElsewhere = false;
        auto counted = [&](int value) -> std::function<std::function<int()>()> {
            return [&, value]() -> std::function<int()> {
                ++prepared;
                preparedElsewhere = preparedElsewhere || QThread::currentThread() != thread();
                return [&runs, value] { ++runs; return value; };
            };
        };
        runner.submit<int>(ready([&] {
                               ++runs;
                               firstMayFinish.acquire();
                               return 1;
                           }),
                           deliver);
        runner.submit<int>(counted(2), deliver);
        runner.submit<int>(counted(3), deliver);
        QCOMPARE(prepared, 0); // neither has started: nothing was copied for them yet
        QSignalSpy busy(&runner, &JobRunner::busyChanged);
        firstMayFinish.release();
        QTRY_COMPARE(delivered, QList<int>{3});
        QCOMPARE(runs.load(), 2); // 1 and 3; 2 was replaced before it started
        QCOMPARE(prepared, 1);    // and only 3 took its input
        QVERIFY(!preparedElsewhere);
        QVERIFY(!runner.isBusy());
        QCOMPARE(busy.count(), 1); // busy from the first submit to the end, then once false
        QCOMPARE(busy.at(0).at(0).toBool(), false);
    }

    // A result computed elsewhere (on the UI thread) is newer than the running piece's.
    void supersedeDropsTheRunningResult()
    {
        JobRunner runner;
        QSemaphore mayFinish;
        QList<int> delivered;
        runner.submit<int>(ready([&] {
                               mayFinish.acquire();
                               return 7;
                           }),
                           [&](const int &value) { delivered.append(value); });
        runner.supersede();
        QSignalSpy busy(&runner, &JobRunner::busyChanged);
        mayFinish.release();
        QTRY_VERIFY(!runner.isBusy());
        QCOMPARE(busy.count(), 1);
        QVERIFY(delivered.isEmpty());

        // The runner is usable again afterwards.
        runner.submit<int>(ready([] { return 8; }), [&](const int &value) { delivered.append(value); });
        QTRY_COMPARE(delivered, QList<int>{8});
    }

    // Destroying the runner while a piece runs waits for it and delivers nothing.
    void destructionWaitsAndDeliversNothing()
    {
        QSemaphore started, mayFinish;
        bool delivered = false;
        std::atomic<bool> finished{false};
        {
            JobRunner runner;
            runner.submit<int>(ready([&] {
                                   started.release();
                                   mayFinish.acquire();
                                   finished = true;
                                   return 1;
                               }),
                               [&](const int &) { delivered = true; });
            started.acquire();
            mayFinish.release();
        }
        QVERIFY(finished);
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"

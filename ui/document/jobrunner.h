#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

namespace attn::ui {

// Runs long work off the UI thread, one piece at a time, and hands each result back on the thread
// that owns the runner — unless newer work was submitted (or supersede() called) meanwhile: then
// that result is dropped. Work submitted while a piece runs waits, and only the newest waiting
// piece runs next, so a burst of keystrokes costs one follow-up run, not one each.
//
// The work gets its input by value (copied into the closure), so nothing it reads changes under it;
// a delivery that is pending when the runner is destroyed dies with it.
class JobRunner : public QObject
{
    Q_OBJECT

public:
    explicit JobRunner(QObject *parent = nullptr) : QObject(parent) {}
    // Waits for the running piece: it may hold an engine whose cache must not outlive its owner.
    ~JobRunner() override { m_running.waitForFinished(); }

    // `prepare` runs on this thread when the piece starts (not when it is submitted) and returns the
    // work with its input copied in: a burst of submissions while a piece runs copies the input once.
    template <typename Result>
    void submit(std::function<std::function<Result()>()> prepare, std::function<void(const Result &)> deliver)
    {
        const quint64 job = ++m_latestJob;
        m_waiting = [this, job, prepare = std::move(prepare), deliver = std::move(deliver)] {
            std::function<Result()> work = prepare();
            // A watcher (a child) delivers through this thread's event loop; not QFuture::then(context),
            // which in Qt 6.4 could deliver a superseded result after a newer one.
            auto *watcher = new QFutureWatcher<Result>(this);
            connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, job, deliver] {
                watcher->deleteLater();
                const bool current = job == m_latestJob;
                const Result result = current ? watcher->result() : Result{};
                finished();
                if (current)
                    deliver(result);
            });
            QFuture<Result> future = QtConcurrent::run(std::move(work));
            m_running = QFuture<void>(future);
            watcher->setFuture(future);
        };
        if (!m_busy)
            startWaiting();
    }

    // Drops the running piece's result and any waiting work: the caller has a newer result already.
    void supersede()
    {
        ++m_latestJob;
        m_waiting = nullptr;
    }

    bool isBusy() const { return m_busy; }

signals:
    void busyChanged(bool busy);

private:
    void startWaiting()
    {
        std::function<void()> start = std::move(m_waiting);
        m_waiting = nullptr;
        setBusy(true);
        start();
    }

    void finished()
    {
        if (m_waiting)
            startWaiting();
        else
            setBusy(false);
    }

    void setBusy(bool busy)
    {
        if (busy == m_busy)
            return;
        m_busy = busy;
        emit busyChanged(busy);
    }

    std::function<void()> m_waiting; // starts the newest piece not yet running
    QFuture<void> m_running;
    quint64 m_latestJob = 0;         // results of older pieces are dropped
    bool m_busy = false;
};

} // namespace attn::ui

// AE_STARTUP_PROBE=1: the window prints how long it took from process start to its first painted
// frame, then quits. scripts/bench.sh times startup with it; without the variable nothing happens.
//
// Hooked in as a Q_COREAPP_STARTUP_FUNCTION so main() stays as it is: when the application object
// is made, an application-wide event filter waits for the first paint of a top-level window's tree
// and, once that frame is finished (the next turn of the event loop), prints
//   startup-ms <ms since the kernel started the process>
// on stdout and quits.
#include <QCoreApplication>
#include <QFile>
#include <QTimer>
#include <QWidget>

#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace {

// Milliseconds since the process was started, from /proc/self/stat (start time in clock ticks since
// boot, the same clock as CLOCK_BOOTTIME); -1 where that is not available.
double msSinceProcessStart()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1.0;
    const QByteArray stat = file.readAll();
    // Field 2 (the command name) may hold spaces: count fields after its closing parenthesis.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1.0;
    const double startTicks = fields[19].toDouble(); // field 22 of the whole line
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return (now.tv_sec * 1e3 + now.tv_nsec / 1e6) - startTicks * 1e3 / double(sysconf(_SC_CLK_TCK));
}

class StartupProbe : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen && watched->isWidgetType()
            && static_cast<QWidget *>(watched)->window()->isVisible()) {
            m_seen = true;
            // Queued: every widget of this frame paints first.
            QTimer::singleShot(0, this, [] {
                std::printf("startup-ms %.1f\n", msSinceProcessStart());
                std::fflush(stdout);
                QCoreApplication::exit(0);
            });
        }
        return false;
    }

private:
    bool m_seen = false;
};

void installStartupProbe()
{
    if (qEnvironmentVariableIntValue("AE_STARTUP_PROBE") != 1)
        return;
    QCoreApplication *app = QCoreApplication::instance();
    app->installEventFilter(new StartupProbe(app));
}

} // namespace

Q_COREAPP_STARTUP_FUNCTION(installStartupProbe)

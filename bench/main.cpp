// attention-bench: times the toy engine, the views' paint routines (offscreen), one keystroke in the
// real window and the app's startup, and prints one tab-separated "case" line per case (see
// benchreport.h). scripts/bench.sh runs it with the GPT-2 benchmark and prints the table.
//
//   attention-bench [--reps N] [--filter TEXT] [--app PATH]
// Run under QT_QPA_PLATFORM=offscreen. Not a test: numbers, not assertions.
#include "benchcases.h"
#include "benchreport.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTemporaryDir>

int main(int argc, char *argv[])
{
    // The window reads and writes QSettings: keep them away from a person's own.
    QTemporaryDir config;
    qputenv("XDG_CONFIG_HOME", config.path().toLocal8Bit());
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("attention-bench"));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Times the engine, the views and the window; prints one line per case."));
    parser.addHelpOption();
    const QCommandLineOption repsOption(QStringLiteral("reps"), QStringLiteral("Timed repetitions per case (default 41)."),
                                        QStringLiteral("N"), QStringLiteral("41"));
    const QCommandLineOption filterOption(QStringLiteral("filter"), QStringLiteral("Only cases whose name contains TEXT."),
                                          QStringLiteral("TEXT"));
    const QCommandLineOption appOption(QStringLiteral("app"), QStringLiteral("The attention-explorer binary to start (default: the one built next to it)."),
                                       QStringLiteral("PATH"), QStringLiteral(AE_APP_PATH));
    parser.addOption(appOption);
    parser.addOption(repsOption);
    parser.addOption(filterOption);
    parser.process(app);
    const int reps = std::max(1, parser.value(repsOption).toInt());
    attn::bench::setFilter(parser.value(filterOption));

    std::printf("qt\t%s\n", qVersion());
    attn::bench::runEngineCases(reps);
    attn::bench::runPaintCases(reps);
    attn::bench::runKeystrokeCase(reps);
    attn::bench::runRoundTripCase(reps);
    attn::bench::runStartupCase(std::max(5, reps / 4), parser.value(appOption));
    return 0;
}

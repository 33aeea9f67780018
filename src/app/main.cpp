#include "commandline.h"
#include "programarguments.h"

#include "mainwindow.h"
#include "checkpoint/modelcontroller.h"
#include "checkpoint/modelworkspace.h"
#include "session/autosaver.h"
#include "session/recoveryfile.h"
#include "session/recoveryprompt.h"
#include "session/sessioncontroller.h"

#include <QApplication>
#include <QIcon>

#include <csignal>
#include <cstdio>

namespace {

// The icon of resources/icons at each size it was drawn at.
QIcon applicationIcon()
{
    QIcon icon;
    for (int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/attention-explorer-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

int main(int argc, char *argv[])
{
    // A file size limit (ulimit -f) or a reader that went away would kill the process with no word
    // (SIGXFSZ, SIGPIPE); ignored, the write fails instead and the writer says what happened.
    std::signal(SIGXFSZ, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);

    const attn::app::ProgramArguments arguments = attn::app::decodeArguments(argc, argv);
    // Decide before any QGuiApplication exists: --dump must run where there is no display at all.
    const attn::app::ParseOutcome outcome = attn::app::parseCommandLine(arguments.decoded, arguments.undecodable);
    if (outcome.exitCode >= 0) {
        if (!outcome.message.isEmpty())
            std::fprintf(stderr, "attention-explorer: %s\n", outcome.message.toLocal8Bit().constData());
        return outcome.exitCode;
    }
    if (outcome.options.mode != attn::app::LaunchMode::Window)
        return attn::app::runHeadless(outcome.options);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Attention Explorer"));
    QApplication::setOrganizationName(QStringLiteral("Attention Explorer"));
    QApplication::setApplicationVersion(QStringLiteral(AE_VERSION));
    QApplication::setWindowIcon(applicationIcon());
    const attn::app::LaunchOptions &options = outcome.options;
    const attn::ui::StartState start{options.presetName, options.sentence,
                                     {options.input.config, options.input.weights, options.input.embeddings},
                                     options.sentenceB};
    attn::ui::MainWindow window(start);
    if (!options.sessionPath.isEmpty())
        window.session()->openFile(options.sessionPath); // also its view state, file name and title
    if (!options.modelPath.isEmpty())
        window.modelWorkspace()->controller()->open(options.modelPath); // a failure is shown in a message box
    // Unsaved work is written to the recovery folder every few seconds and deleted on save or a
    // clean exit (the autosaver's destructor); work a crash or a kill left there is offered back.
    const QString recoveryFolder = attn::ui::RecoveryFile::defaultDirectory();
    attn::ui::Autosaver autosaver(window.session(), recoveryFolder);
    window.show();
    attn::ui::RecoveryPrompt(window.session(), &autosaver).offer(recoveryFolder);
    return app.exec();
}

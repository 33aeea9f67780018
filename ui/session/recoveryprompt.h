#pragma once

#include <QCoreApplication>
#include <QString>

class QMessageBox;

namespace attn::io {
struct Session;
}

namespace attn::ui {

class Autosaver;
class RecoveryFile;
class SessionController;

// At the start of the window: offers back work that an instance which is no longer running left in
// the recovery folder (RecoveryFile::claimOrphans), newest first, in a message box
//   "Recover unsaved work from <time>?"   [Recover] [Discard] [Not Now]
// Recover loads the session into the document as untitled, unsaved work, writes it to this
// instance's own recovery file at once, and only then deletes the old one. Discard deletes the file
// and offers the next one, if any. Not Now (also Escape or closing the box) keeps every remaining
// file for the next start. A file that cannot be read is kept and reported on stderr; it is never
// loaded in part. Only the window calls this: --dump and --export never prompt.
class RecoveryPrompt
{
    Q_DECLARE_TR_FUNCTIONS(attn::ui::RecoveryPrompt)

public:
    // The boxes open over session->dialogParent(); `autosaver` (may be null) keeps the recovered work.
    RecoveryPrompt(SessionController *session, Autosaver *autosaver);

    // True when work was recovered.
    bool offer(const QString &directory);

    // The box, unshown: its object name is "recoveryPrompt"; Recover is the default button.
    static QMessageBox *makeBox(QWidget *parent, const RecoveryFile &file, const io::Session &session);

private:
    SessionController *m_session;
    Autosaver *m_autosaver;
};

} // namespace attn::ui

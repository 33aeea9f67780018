#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace attn::ui {

class RecoveryFile;
class SessionController;

// Keeps unsaved work safe from a crash or a kill: while the session has unsaved changes (what
// SessionController::isModified() says: the sentence, the configuration or a matrix differs from
// the last saved or opened state), it writes the session, in the same format Save writes, to this
// instance's recovery file (RecoveryFile) a few seconds after a change — at most once per interval
// and only when something changed since the last write. The bytes are made and written off the UI
// thread (a large model's matrices take a while to print) through QSaveFile, so the file on disk
// is always a whole session. Saving, or undoing back to the saved state, deletes the file; so does
// a clean exit (the destructor). A kill leaves it for RecoveryPrompt at the next start.
class Autosaver : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultIntervalMs = 5000;

    // `session` must outlive the autosaver. Nothing is written into `directory` before a change.
    Autosaver(SessionController *session, const QString &directory, QObject *parent = nullptr);
    ~Autosaver() override; // a clean exit: waits for a write in progress, then deletes the file

    void setInterval(int milliseconds);
    int interval() const { return m_timer.interval(); }

    // This instance's recovery file; it exists only while there are unsaved changes.
    QString path() const;

    // Writes at once, on this thread, when there are unsaved changes (deletes the file otherwise);
    // false when the file could not be written (see lastError()). Used after recovering work, so
    // that the recovered file can go as soon as its copy here is on disk.
    bool saveNow();
    QString lastError() const { return m_error; }

signals:
    void written(const QString &path);
    void removed(const QString &path);
    void failed(const QString &message);

private:
    void changed();
    void tick();
    void startWrite();
    void writeFinished();
    void removeFile();
    void report(const QString &problem);

    SessionController *m_session;
    std::unique_ptr<RecoveryFile> m_file;
    QTimer m_timer;
    QFutureWatcher<QString> m_write; // the message of a failed write, empty on success
    bool m_dirty = false;            // changed since the last write began
    bool m_removeAfterWrite = false; // saved while a write was running: delete once it has finished
    QString m_error;
};

} // namespace attn::ui

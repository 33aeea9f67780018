#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <memory>
#include <vector>

class QLockFile;

namespace attn::ui {

// One autosave file in the recovery folder: <stem>.attn.json, an ordinary session file, and beside
// it <stem>.lock, a QLockFile (PID, host and program name inside, and an flock held while the
// process lives). The lock, not the file name, says whose the file is: a running instance holds the
// lock of its own file, so a file whose lock can be taken was left by an instance that is no longer
// running (a crash, a kill, a power cut), and taking the lock is what makes it this process's to
// offer; a second instance starting at the same moment cannot take it as well.
class RecoveryFile
{
public:
    // The environment variable that overrides the folder (tests; a portable setup).
    static constexpr char kDirectoryVariable[] = "AE_RECOVERY_DIR";

    // $AE_RECOVERY_DIR when set, else <QStandardPaths::AppDataLocation>/recovery.
    static QString defaultDirectory();

    // A new file for this process, autosave-<pid>-<random>.attn.json. Nothing is created on disk
    // until claim().
    static std::unique_ptr<RecoveryFile> createOwn(const QString &directory);

    // Files left by instances that no longer run, newest first, each claimed by this process. Files
    // of running instances (this one included) are skipped; locks left without a file are removed.
    static std::vector<std::unique_ptr<RecoveryFile>> claimOrphans(const QString &directory);

    ~RecoveryFile(); // gives the lock up, keeps the file
    RecoveryFile(const RecoveryFile &) = delete;
    RecoveryFile &operator=(const RecoveryFile &) = delete;

    QString path() const { return m_path; }
    QString lockPath() const;
    QDateTime lastWritten() const;
    bool exists() const;

    // Takes the lock (making the folder, private to the user, when it is missing). False when a
    // running process holds it or the folder cannot be written; the reason is in lastError().
    bool claim();
    bool isClaimed() const;
    QString lastError() const { return m_error; }

    // Deletes the file, then gives up (and so deletes) the lock: nothing is left to offer.
    void remove();
    // Gives up the lock and keeps the file, so that the next start offers it again.
    void release();

private:
    explicit RecoveryFile(const QString &path);

    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
    QString m_error;
};

} // namespace attn::ui

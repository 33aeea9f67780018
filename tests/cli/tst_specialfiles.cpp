// Special files, devices, signals, long texts and file names, tried as a person (or an attacker)
// would: the real executable against FIFOs, devices, sockets, symbolic links and folders, under a
// file size limit, with text from files and pipes, and with a file name that is not UTF-8.
// Every case must end with a message and exit 1 (or a correct result), never a hang, a replaced
// device or a half-written file.
#include "testutils.h"
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <csignal>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

namespace {

using testutils::readFileBytes;
using testutils::writeFile;

using testutils::AppRun;
using testutils::runApp;


mode_t fileType(const QString &path)
{
    struct stat status {};
    return ::lstat(QFile::encodeName(path).constData(), &status) == 0 ? (status.st_mode & S_IFMT) : 0;
}

bool makeFifo(const QString &path)
{
    return ::mkfifo(QFile::encodeName(path).constData(), 0600) == 0;
}

QString describe(const AppRun &r)
{
    return QStringLiteral("exit %1, stderr: %2").arg(r.exitCode).arg(r.err);
}

// Copies a committed checkpoint folder, so that one of its files can be swapped for a special one.
bool copyCheckpoint(const QString &to)
{
    const QDir from(QStringLiteral(AE_TEST_DATA_DIR "/gpt2/tiny-f32"));
    if (!QDir().mkpath(to))
        return false;
    for (const QString &name : from.entryList(QDir::Files)) {
        if (!QFile::copy(from.filePath(name), QDir(to).filePath(name)))
            return false;
    }
    return true;
}

const QStringList catSatDump = {QStringLiteral("--preset"), QStringLiteral("cat-sat"), QStringLiteral("--dump")};

} // namespace

class TestSpecialFiles : public QObject
{
    Q_OBJECT

private slots:
    // Reading: every reader refuses a FIFO with no writer at once, instead of waiting in open().
    void readersRefuseNamedPipes_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("session") << QStringLiteral("work.attn.json");
        QTest::newRow("text file") << QStringLiteral("text.txt");
        QTest::newRow("config.json") << QStringLiteral("config.json");
        QTest::newRow("vocab.json") << QStringLiteral("vocab.json");
        QTest::newRow("merges.txt") << QStringLiteral("merges.txt");
        QTest::newRow("model.safetensors") << QStringLiteral("model.safetensors");
    }
    void readersRefuseNamedPipes()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("model"));
        QVERIFY(copyCheckpoint(model));
        QStringList arguments;
        QString fifo;
        if (file.endsWith(QLatin1String(".attn.json"))) {
            fifo = dir.filePath(file);
            arguments = {fifo, QStringLiteral("--dump"), dir.filePath(QStringLiteral("out.json"))};
        } else if (file == QLatin1String("text.txt")) {
            fifo = dir.filePath(file);
            arguments = {QStringLiteral("--text-file"), fifo, QStringLiteral("--dump"), dir.filePath(QStringLiteral("out.json"))};
        } else {
            fifo = QDir(model).filePath(file);
            QVERIFY(QFile::remove(fifo));
            arguments = {QStringLiteral("--model"), model, QStringLiteral("--sentence"), QStringLiteral("ab"),
                         QStringLiteral("--dump"), dir.filePath(QStringLiteral("out.json"))};
        }
        QVERIFY(makeFifo(fifo));
        const AppRun r = runApp(arguments, {.timeoutMs = 20000});
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("named pipe (FIFO)")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QFileInfo(fifo).fileName()), qPrintable(r.err));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out.json"))));
    }

    // /dev/zero claims size 0 and never ends: refused as a device, not read until memory runs out.
    void readersRefuseDevices()
    {
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("model"));
        QVERIFY(copyCheckpoint(model));
        QVERIFY(QFile::remove(QDir(model).filePath(QStringLiteral("config.json"))));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), QDir(model).filePath(QStringLiteral("config.json"))));
        const AppRun r = runApp({QStringLiteral("--model"), model, QStringLiteral("--sentence"), QStringLiteral("ab"),
                           QStringLiteral("--dump"), dir.filePath(QStringLiteral("out.json"))});
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("config.json: is a character device")), qPrintable(r.err));

        const QString session = dir.filePath(QStringLiteral("zero.attn.json"));
        QVERIFY(QFile::link(QStringLiteral("/dev/zero"), session));
        const AppRun s = runApp({session, QStringLiteral("--dump"), dir.filePath(QStringLiteral("out.json"))});
        QVERIFY2(s.exitCode == 1, qPrintable(describe(s)));
        QVERIFY2(s.err.contains(QLatin1String("is a character device")), qPrintable(s.err));
    }

    // Writing: a FIFO with a reader gets the bytes and stays a FIFO; one with no reader is refused
    // at once; a folder and a socket are refused; a link to a regular file keeps the link.
    void writerKeepsSpecialFiles()
    {
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("pipe"));
        QVERIFY(makeFifo(fifo));
        const AppRun noReader = runApp(catSatDump + QStringList{fifo}, {.timeoutMs = 20000});
        QVERIFY2(noReader.exitCode == 1, qPrintable(describe(noReader)));
        QVERIFY2(noReader.err.contains(QLatin1String("no reader")), qPrintable(noReader.err));
        QCOMPARE(fileType(fifo), mode_t(S_IFIFO));

        // With a reader (this process, non-blocking so that nothing here waits).
        const int reader = ::open(QFile::encodeName(fifo).constData(), O_RDONLY | O_NONBLOCK);
        QVERIFY(reader >= 0);
        QProcess process;
        process.start(QStringLiteral(AE_APP_PATH), catSatDump + QStringList{fifo});
        QByteArray received;
        char buffer[65536];
        while (true) {
            const ssize_t got = ::read(reader, buffer, sizeof buffer);
            if (got > 0) {
                received.append(buffer, got);
                continue;
            }
            if (process.state() == QProcess::NotRunning || process.waitForFinished(20)) {
                // Drain what the writer left in the pipe after it finished.
                for (ssize_t rest; (rest = ::read(reader, buffer, sizeof buffer)) > 0;)
                    received.append(buffer, rest);
                break;
            }
        }
        ::close(reader);
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(fileType(fifo), mode_t(S_IFIFO));
        QJsonParseError error;
        const QJsonDocument dump = QJsonDocument::fromJson(received, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(dump.object().value(QStringLiteral("tokens")).toArray().size(), 6);

        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder")));
        const AppRun folder = runApp(catSatDump + QStringList{dir.filePath(QStringLiteral("folder"))});
        QVERIFY2(folder.exitCode == 1 && folder.err.contains(QLatin1String("it is a folder")), qPrintable(describe(folder)));

        const QString socketPath = dir.filePath(QStringLiteral("sock"));
        const int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray encoded = QFile::encodeName(socketPath);
        QVERIFY(size_t(encoded.size()) < sizeof address.sun_path);
        std::memcpy(address.sun_path, encoded.constData(), size_t(encoded.size()));
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
        const AppRun socket = runApp({QStringLiteral("--preset"), QStringLiteral("cat-sat"), QStringLiteral("--export"), socketPath,
                                QStringLiteral("--format"), QStringLiteral("svg")});
        ::close(listener);
        QVERIFY2(socket.exitCode == 1 && socket.err.contains(QLatin1String("it is a socket")), qPrintable(describe(socket)));
        QCOMPARE(fileType(socketPath), mode_t(S_IFSOCK));

        const QString target = dir.filePath(QStringLiteral("target.json"));
        const QString link = dir.filePath(QStringLiteral("link.json"));
        QVERIFY(writeFile(target, "old"));
        QVERIFY(QFile::link(target, link));
        const AppRun linked = runApp(catSatDump + QStringList{link});
        QVERIFY2(linked.exitCode == 0, qPrintable(describe(linked)));
        QCOMPARE(fileType(link), mode_t(S_IFLNK));
        QVERIFY(readFileBytes(target).startsWith("{"));
    }

    // As root, the device nodes themselves: private copies made with mknod, so that nothing of the
    // system's is at stake. /dev/null takes the bytes and stays a device; /dev/full says "no space".
    void devicesStayDevices()
    {
        if (::geteuid() != 0)
            QSKIP("making device nodes needs root; the FIFO and socket cases run for everyone");
        QTemporaryDir dir;
        const QString null = dir.filePath(QStringLiteral("null"));
        const QString full = dir.filePath(QStringLiteral("full"));
        QVERIFY(::mknod(QFile::encodeName(null).constData(), S_IFCHR | 0666, makedev(1, 3)) == 0);
        QVERIFY(::mknod(QFile::encodeName(full).constData(), S_IFCHR | 0666, makedev(1, 7)) == 0);

        const AppRun dump = runApp(catSatDump + QStringList{null});
        QVERIFY2(dump.exitCode == 0, qPrintable(describe(dump)));
        QCOMPARE(fileType(null), mode_t(S_IFCHR));
        const AppRun exported = runApp({QStringLiteral("--preset"), QStringLiteral("cat-sat"), QStringLiteral("--export"), null,
                                  QStringLiteral("--format"), QStringLiteral("svg")});
        QVERIFY2(exported.exitCode == 0, qPrintable(describe(exported)));
        QCOMPARE(fileType(null), mode_t(S_IFCHR));
        // Through a symbolic link too: the link stays, the device stays.
        const QString link = dir.filePath(QStringLiteral("null-link.json"));
        QVERIFY(QFile::link(null, link));
        const AppRun linked = runApp(catSatDump + QStringList{link});
        QVERIFY2(linked.exitCode == 0, qPrintable(describe(linked)));
        QCOMPARE(fileType(link), mode_t(S_IFLNK));
        QCOMPARE(fileType(null), mode_t(S_IFCHR));

        const AppRun noSpace = runApp(catSatDump + QStringList{full});
        QVERIFY2(noSpace.exitCode == 1, qPrintable(describe(noSpace)));
        QVERIFY2(noSpace.err.contains(QLatin1String("no space"), Qt::CaseInsensitive), qPrintable(noSpace.err));
        QCOMPARE(fileType(full), mode_t(S_IFCHR));

        // A block device (a loop device's node; nothing is opened) is refused, not replaced.
        const QString block = dir.filePath(QStringLiteral("block"));
        QVERIFY(::mknod(QFile::encodeName(block).constData(), S_IFBLK | 0600, makedev(7, 0)) == 0);
        const AppRun refused = runApp(catSatDump + QStringList{block});
        QVERIFY2(refused.exitCode == 1, qPrintable(describe(refused)));
        QVERIFY2(refused.err.contains(QLatin1String("it is a block device")), qPrintable(refused.err));
        QCOMPARE(fileType(block), mode_t(S_IFBLK));
    }

    // "-" is standard output for --export too, with the format named.
    void exportToStandardOutput()
    {
        const AppRun svg = runApp({QStringLiteral("--preset"), QStringLiteral("cat-sat"), QStringLiteral("--export"), QStringLiteral("-"),
                             QStringLiteral("--format"), QStringLiteral("svg")});
        QVERIFY2(svg.exitCode == 0, qPrintable(describe(svg)));
        QXmlStreamReader xml(svg.out);
        bool sawSvg = false;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("svg"))
                sawSvg = true;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(sawSvg);

        const AppRun noFormat = runApp({QStringLiteral("--preset"), QStringLiteral("cat-sat"), QStringLiteral("--export"),
                                  QStringLiteral("-")});
        QCOMPARE(noFormat.exitCode, 2);
        QVERIFY2(noFormat.err.contains(QLatin1String("--format")), qPrintable(noFormat.err));
    }

    // ulimit -f: with SIGXFSZ at its default (as a shell leaves it) the kernel would kill the
    // process without a word; the write must fail with a message instead, and the old file stay.
    void fileSizeLimitGivesAMessage()
    {
        QTemporaryDir dir;
        const QString target = dir.filePath(QStringLiteral("out.json"));
        QVERIFY(writeFile(target, "old contents"));
        const AppRun r = runApp(catSatDump + QStringList{target}, {.childSetup = [] {
            std::signal(SIGXFSZ, SIG_DFL);
            const rlimit limit{4096, 4096}; // the dump is far larger
            ::setrlimit(RLIMIT_FSIZE, &limit);
        }});
        QVERIFY2(r.exitCode == 1, qPrintable(describe(r)));
        QVERIFY2(r.err.contains(QLatin1String("out.json")), qPrintable(r.err));
        QVERIFY2(r.err.contains(QLatin1String("previous file is unchanged")), qPrintable(r.err));
        QCOMPARE(readFileBytes(target), QByteArray("old contents"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("out.json")});
    }

    // --text-file carries what a command line cannot (one argument is at most 128 KiB), under the
    // limits and messages of typed text.
    void textFromFilesAndPipes()
    {
        QTemporaryDir dir;
        QByteArray text;
        for (int i = 0; i < 5000; ++i)
            text += "w ";
        // Tokens are the words; the limit of 4,096 tokens applies as it does to typed text.
        const QString longFile = dir.filePath(QStringLiteral("long.txt"));
        QVERIFY(writeFile(longFile, text));
        const AppRun tooMany = runApp({QStringLiteral("--text-file"), longFile, QStringLiteral("--dump"), QStringLiteral("-")});
        QCOMPARE(tooMany.exitCode, 1);
        QVERIFY2(tooMany.err.contains(QLatin1String("tokens; the limit is 4096")), qPrintable(tooMany.err));

        // 3,000 words of 15 CJK characters: 48,000 characters, within the limit of typed text, but
        // 138 KB of UTF-8, more than one argument may carry (128 KiB); from a file they arrive whole.
        const QString word = QString(15, QChar(0x6F22)); // 漢
        QByteArray words;
        for (int i = 0; i < 3000; ++i)
            words += word.toUtf8() + ' ';
        QVERIFY(words.size() > 128 * 1024);
        const QString wordsFile = dir.filePath(QStringLiteral("words.txt"));
        QVERIFY(writeFile(wordsFile, "\xEF\xBB\xBF" + words)); // a byte-order mark is not text
        const AppRun fromFile = runApp({QStringLiteral("--text-file"), wordsFile, QStringLiteral("--heads"), QStringLiteral("1"),
                                  QStringLiteral("--d-model"), QStringLiteral("4"), QStringLiteral("--d-k"), QStringLiteral("2"),
                                  QStringLiteral("--dump"), QStringLiteral("-")});
        QVERIFY2(fromFile.exitCode == 0, qPrintable(describe(fromFile)));
        const QJsonArray tokens = QJsonDocument::fromJson(fromFile.out).object().value(QStringLiteral("tokens")).toArray();
        QCOMPARE(tokens.size(), 3000);
        QCOMPARE(tokens.first().toString(), word);

        // Standard input: the same text gives the same dump.
        const AppRun fromPipe = runApp({QStringLiteral("--text-file"), QStringLiteral("-"), QStringLiteral("--heads"), QStringLiteral("1"),
                                  QStringLiteral("--d-model"), QStringLiteral("4"), QStringLiteral("--d-k"), QStringLiteral("2"),
                                  QStringLiteral("--dump"), QStringLiteral("-")}, {.input = words});
        QVERIFY2(fromPipe.exitCode == 0, qPrintable(describe(fromPipe)));
        QCOMPARE(fromPipe.out, fromFile.out);

        // More characters than typed text may have, from a pipe that never says its size.
        const AppRun tooLong = runApp({QStringLiteral("--text-file"), QStringLiteral("-"), QStringLiteral("--dump"), QStringLiteral("-")},
                                {.input = QByteArray(400 * 1024, 'x')});
        QCOMPARE(tooLong.exitCode, 1);
        QVERIFY2(tooLong.err.contains(QLatin1String("more than 100000 characters; the limit is 100000")), qPrintable(tooLong.err));

        const QString latin1 = dir.filePath(QStringLiteral("latin1.txt"));
        QVERIFY(writeFile(latin1, "caf\xE9"));
        const AppRun notUtf8 = runApp({QStringLiteral("--text-file"), latin1, QStringLiteral("--dump"), QStringLiteral("-")});
        QCOMPARE(notUtf8.exitCode, 1);
        QVERIFY2(notUtf8.err.contains(QLatin1String("latin1.txt: the text is not valid UTF-8")), qPrintable(notUtf8.err));

        const AppRun both = runApp({QStringLiteral("--text-file"), latin1, QStringLiteral("--sentence"), QStringLiteral("a"),
                              QStringLiteral("--dump"), QStringLiteral("-")});
        QCOMPARE(both.exitCode, 2);
    }

    // Characters XML cannot hold (non-characters, controls) still give a well-formed SVG, with
    // U+FFFD in their place and a note that says so.
    void svgStaysWellFormed()
    {
        QTemporaryDir dir;
        const QString textFile = dir.filePath(QStringLiteral("odd.txt"));
        QVERIFY(writeFile(textFile, QStringLiteral("cat\uFFFE sat\uFFFF on\uFDD0 the\u0001 mat").toUtf8()));
        const QString svgPath = dir.filePath(QStringLiteral("odd.svg"));
        for (const char *view : {"heatmap", "flow", "steps"}) {
            const AppRun r = runApp({QStringLiteral("--text-file"), textFile, QStringLiteral("--export"), svgPath,
                               QStringLiteral("--view"), QString::fromLatin1(view)});
            QVERIFY2(r.exitCode == 0, qPrintable(describe(r)));
            const QByteArray svg = readFileBytes(svgPath);
            QXmlStreamReader xml(svg);
            while (!xml.atEnd())
                xml.readNext();
            QVERIFY2(!xml.hasError(), qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(view), xml.errorString())));
            QVERIFY2(svg.contains("written as U+FFFD"), view);
            QVERIFY2(!svg.contains("\xEF\xBF\xBE") && !svg.contains("\xEF\xBF\xBF"), view);
        }
    }

    // A name that is not UTF-8 is named as the file system has it, not reported as missing.
    void undecodableFileName()
    {
        QTemporaryDir dir;
        const QByteArray name = QFile::encodeName(dir.path()) + "/caf\xFF.attn.json";
        {
            const int fd = ::open(name.constData(), O_WRONLY | O_CREAT, 0600);
            QVERIFY(fd >= 0);
            ::close(fd);
        }
        // QProcess cannot pass bytes that are not UTF-8, so a shell hands them over as printf makes them.
        QProcess process;
        process.start(QStringLiteral("/bin/sh"),
                      {QStringLiteral("-c"), QStringLiteral("exec \"$0\" \"$1$(printf '/caf\\377.attn.json')\" --dump -"),
                       QStringLiteral(AE_APP_PATH), dir.path()});
        QVERIFY(process.waitForFinished(60000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(err.contains(QLatin1String("caf\\xFF.attn.json")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("not valid UTF-8")), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1String("no such file")), qPrintable(err));
        QCOMPARE(::unlink(name.constData()), 0); // QTemporaryDir cannot name it either
    }
};

QTEST_GUILESS_MAIN(TestSpecialFiles)
#include "tst_specialfiles.moc"

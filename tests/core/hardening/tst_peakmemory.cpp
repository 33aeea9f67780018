// Peak memory of the readers (issue 11): every file of the malformed corpora (GGUF too), and the big cases
// that once cost gigabytes — a 40 MB session of "[],[],...", a safetensors header of a million empty
// tensors, a 63 MB vocab.json, merges.txt files at the merge limit — written at test time (too big
// to commit). Each read runs in a forked
// child, and the child's peak resident set (wait4's ru_maxrss) must stay under 400 MB. The child
// also reports whether the reader refused the file, and the message must be the expected one, so
// a reader cannot pass by failing early for the wrong reason.
#include "testutils.h"
#include "malformedcorpus.h"

#include "core/tokenizers/bytelevel.h"
#include "core/tokenizers/gpt2tokenizer.h"
#include "core/io/npyfile.h"
#include "core/io/matrixjson.h"
#include "core/io/sessionfile.h"
#include "core/transformer/gpt2config.h"
#include "core/transformer/gpt2model.h"
#include "core/io/safetensorsfile.h"
#include "core/io/gguffile.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <functional>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace attn;
using namespace attn::test;

namespace {

using testutils::kAddressSanitizer;
using testutils::writeFile;

// 400 MB (10^6 bytes each, the stricter reading) in the KiB that ru_maxrss counts.
constexpr long kPeakLimitKiB = 400'000'000L / 1024;

// AddressSanitizer's shadow memory, redzones and quarantine inflate the resident set: there the
// peak is reported, not asserted (the plain build asserts it), as tst_extremes does for its timing.

enum class Reader { Session, MatrixJson, Npy, Config, Vocab, Merges, Checkpoint, Safetensors, Gguf };

QString checkpointGood(const QString &file)
{
    return malformedDir(QStringLiteral("checkpoint")) + QStringLiteral("/good/") + file;
}

// The message of the reader for `path`, or an empty string when it accepted the file.
QString readWith(Reader reader, const QString &path)
{
    const auto message = [](const auto &result) { return result.ok() ? QString() : result.error(); };
    switch (reader) {
    case Reader::Session:
        return message(io::loadSession(path));
    case Reader::MatrixJson: {
        AttentionConfig config; // the matrices corpus is written for this shape
        config.heads = 2;
        config.dModel = 3;
        config.dK = 2;
        config.dV = 2;
        return message(io::loadMatricesJson(path, config));
    }
    case Reader::Npy:
        return message(io::loadNpy(path));
    case Reader::Config:
        return message(Gpt2Config::read(path));
    case Reader::Vocab:
        return message(bpe::Gpt2Tokenizer::load(path, checkpointGood(QStringLiteral("merges.txt"))));
    case Reader::Merges:
        return message(bpe::Gpt2Tokenizer::load(checkpointGood(QStringLiteral("vocab.json")), path));
    case Reader::Checkpoint:
        return message(Gpt2Model::load(path));
    case Reader::Safetensors:
        return message(safetensors::SafetensorsFile::open(path));
    case Reader::Gguf:
        return message(gguf::GgufFile::open(path));
    }
    return QStringLiteral("unknown reader");
}

struct ChildRun
{
    bool exitedNormally = false;
    long peakKiB = 0;
    bool refused = false;
    QString message;
};

// Runs readWith() in a child process. The child starts with the parent's few resident megabytes
// (Qt and the test), which count towards its peak: the bound is for the whole process, as in the
// application.
ChildRun runInChild(Reader reader, const QString &path)
{
    ChildRun run;
    int channel[2];
    if (pipe(channel) != 0)
        return run;
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = fork();
    if (pid == 0) {
        close(channel[0]);
        // A reader that runs away must not take the shared machine with it: far above the bound,
        // so a breach is still measured rather than cut short. Not under AddressSanitizer, whose
        // shadow memory alone reserves terabytes of address space: every later mmap would fail.
        if (!kAddressSanitizer) {
            const rlimit addressSpace{rlim_t(8) << 30, rlim_t(8) << 30};
            setrlimit(RLIMIT_AS, &addressSpace);
        }
        const QString message = readWith(reader, path);
        const QByteArray report = (message.isEmpty() ? QByteArray("0") : QByteArray("1") + message.toUtf8()).left(8000);
        qsizetype written = 0;
        while (written < report.size()) {
            const ssize_t n = write(channel[1], report.constData() + written, size_t(report.size() - written));
            if (n <= 0)
                break;
            written += n;
        }
        _exit(0);
    }
    close(channel[1]);
    if (pid < 0) {
        close(channel[0]);
        return run;
    }
    QByteArray report;
    char buffer[4096];
    while (true) {
        const ssize_t n = read(channel[0], buffer, sizeof buffer);
        if (n > 0)
            report.append(buffer, n);
        else if (n == 0 || errno != EINTR)
            break;
    }
    close(channel[0]);
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    run.exitedNormally = WIFEXITED(status) && WEXITSTATUS(status) == 0 && !report.isEmpty();
    run.peakKiB = usage.ru_maxrss;
    run.refused = report.startsWith('1');
    run.message = QString::fromUtf8(report.mid(1));
    return run;
}

void addRow(const QString &name, Reader reader, const QString &path, const QString &expected)
{
    QTest::newRow(qPrintable(name)) << int(reader) << path << expected;
}

// Rows for one manifest: each entry refused with its message; `readerOf` picks the reader.
int addManifest(const QString &corpus, const QString &folder, const std::function<Reader(const QString &)> &readerOf)
{
    int rows = 0;
    for (const auto &[entry, expected] : readManifest(folder)) {
        addRow(corpus + QLatin1Char('/') + entry, readerOf(entry), QDir(folder).filePath(entry), expected);
        ++rows;
    }
    return rows;
}

// JSON string text of a vocabulary token (GPT-2's byte characters are all printable).
QByteArray jsonKey(const QString &token)
{
    QByteArray key = token.toUtf8();
    key.replace('\\', "\\\\");
    key.replace('"', "\\\"");
    return '"' + key + '"';
}

// `open`, then `item` repeated until the text is 40 MB long, then `close`.
QByteArray fortyMegabytesOf(const QByteArray &open, const QByteArray &item, const QByteArray &close)
{
    QByteArray text = open;
    text.reserve(40'000'010);
    while (text.size() < 40'000'000)
        text += item;
    text += close;
    return text;
}

} // namespace

class TestPeakMemory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Written here, not in a child, and freed before any child starts: a child inherits the
        // parent's resident pages.
        // 40 MB of empty arrays: 13 million values (~64 bytes each as nodes).
        QVERIFY(writeFile(bigSession(), fortyMegabytesOf("[", "[],", "[]]")));
        // 40 MB of one number row: 20 million numbers, 16 bytes each while parsed.
        QVERIFY(writeFile(bigSessionOfNumbers(), fortyMegabytesOf("{\"w_q\": [", "0,", "0]}")));
        {
            // A million empty tensors fit the 100 MB header limit: 57 MB.
            QByteArray header = "{";
            header.reserve(60'000'000);
            for (int i = 0; i < 1'000'000; ++i) {
                header += (i ? ",\"t" : "\"t") + QByteArray::number(i)
                    + "\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}";
            }
            header += '}';
            header += QByteArray((8 - header.size() % 8) % 8, ' ');
            QByteArray file(8, '\0');
            qint64 length = header.size();
            for (int i = 0; i < 8; ++i)
                file[i] = char((length >> (8 * i)) & 0xFF);
            QVERIFY(writeFile(bigSafetensors(), file + header));
        }
        {
            // 63 MB of tiny tokens: 3.5 million entries.
            QByteArray vocab = "{";
            vocab.reserve(63'000'100);
            for (int i = 0; vocab.size() < 63'000'000; ++i)
                vocab += (i ? ",\"" : "\"") + QByteArray::number(i, 36) + "\":" + QByteArray::number(i % 10'000'000);
            vocab += '}';
            QVERIFY(writeFile(bigVocabTinyTokens(), vocab));
        }
        {
            // 63 MB that the reader accepts: the 256 byte tokens, then long tokens up to 1,000,000
            // entries. What the whole tokenizer builds from the largest vocabulary it takes.
            QByteArray vocab = "{";
            vocab.reserve(64'000'000);
            for (int byte = 0; byte < 256; ++byte)
                vocab += (byte ? "," : "") + jsonKey(QString(QChar(bpe::byteToChar(quint8(byte))))) + ':'
                    + QByteArray::number(byte);
            const QByteArray padding(47, 'x'); // 63 bytes an entry
            for (int id = 256; id < 1'000'000; ++id)
                vocab += ",\"" + padding + QByteArray::number(id) + "\":" + QByteArray::number(id);
            vocab += '}';
            QVERIFY(vocab.size() > 62'000'000 && vocab.size() < bpe::Gpt2Tokenizer::maxFileBytes);
            QVERIFY(writeFile(bigVocabAtTheCap(), vocab));
        }
        {
            // The other end: the byte tokens and one token of 63 MB. Memory per character is what
            // counts here, not per entry.
            QByteArray vocab = "{";
            for (int byte = 0; byte < 256; ++byte)
                vocab += jsonKey(QString(QChar(bpe::byteToChar(quint8(byte))))) + ':' + QByteArray::number(byte) + ',';
            vocab += '"' + QByteArray(63'000'000, 'x') + "\":256}";
            QVERIFY(vocab.size() < bpe::Gpt2Tokenizer::maxFileBytes);
            QVERIFY(writeFile(bigVocabOneLongToken(), vocab));
        }
        for (const bool inObject : {false, true}) {
            // An id that is a row of 31 million numbers, or a vocab.json that is one.
            QByteArray vocab = inObject ? "{\"a\": [" : "[";
            vocab.reserve(63'000'010);
            while (vocab.size() < 63'000'000)
                vocab += "0,";
            vocab += inObject ? "0]}" : "0]";
            QVERIFY(writeFile(inObject ? bigVocabArrayId() : bigVocabArray(), vocab));
        }
        {
            // A GGUF vocabulary of empty tokens at the reader's cap on strings in arrays (2^23): 67 MB,
            // accepted, with an offset of 8 bytes kept per token.
            QByteArray file("GGUF\x03\0\0\0", 8);
            const auto u64 = [](quint64 value) {
                QByteArray bytes(8, '\0');
                for (int i = 0; i < 8; ++i)
                    bytes[i] = char((value >> (8 * i)) & 0xFF);
                return bytes;
            };
            const QByteArray key = "tokenizer.ggml.tokens";
            file += u64(0) + u64(1) + u64(quint64(key.size())) + key;
            file += QByteArray("\x09\0\0\0\x08\0\0\0", 8) + u64(quint64(1) << 23); // ARRAY of STRING
            file += QByteArray(8 << 23, '\0');
            QVERIFY(writeFile(bigGgufVocabulary(), file));
        }
        {
            QByteArray merges = "#version: 0.2\n";
            merges += QByteArray(63'000'000, '\n');
            QVERIFY(writeFile(bigMergesBlankLines(), merges));
        }
        {
            // As many merges as are accepted, of the vocabulary's byte characters ('!' to '~').
            QByteArray merges = "#version: 0.2\n";
            merges.reserve(5'000'000);
            for (int i = 0; i < bpe::Gpt2Tokenizer::maxMerges; ++i)
                merges += char('!' + i % 94) + QByteArray(" ") + char('!' + i / 94 % 94) + '\n';
            QVERIFY(writeFile(bigMergesAtTheCap(), merges));
        }
        {
            // As many merges, of symbols the vocabulary does not have: 36 MB.
            QByteArray merges = "#version: 0.2\n";
            merges.reserve(40'000'000);
            for (int i = 0; i < bpe::Gpt2Tokenizer::maxMerges; ++i)
                merges += 'p' + QByteArray::number(i, 36) + " q" + QByteArray::number(i, 36) + '\n';
            QVERIFY(writeFile(bigMergesForeignSymbols(), merges));
        }
    }

    void peakMemory_data()
    {
        QTest::addColumn<int>("reader");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected"); // part of the message; empty: the file must load

        // The big cases of issue 11; each peaked far above 400 MB before the budgets.
        addRow(QStringLiteral("big/session of 40 MB of [],[],..."), Reader::Session, bigSession(),
               QStringLiteral("more than 1000000 values"));
        addRow(QStringLiteral("big/session of 40 MB of 0,0,..."), Reader::Session, bigSessionOfNumbers(),
               QStringLiteral("not an Attention Explorer file"));
        addRow(QStringLiteral("big/safetensors header of a million empty tensors"), Reader::Safetensors,
               bigSafetensors(), QStringLiteral("the header lists more than 100000 tensors; the limit is 100000"));
        addRow(QStringLiteral("big/vocab.json of 63 MB of tiny tokens"), Reader::Vocab, bigVocabTinyTokens(),
               QStringLiteral("has more than 1000000 tokens; the limit is 1000000"));
        addRow(QStringLiteral("big/vocab.json of 63 MB at the entry limit"), Reader::Vocab, bigVocabAtTheCap(), QString());
        addRow(QStringLiteral("big/vocab.json of one 63 MB token"), Reader::Vocab, bigVocabOneLongToken(), QString());
        addRow(QStringLiteral("big/vocab.json of one 63 MB number row"), Reader::Vocab, bigVocabArray(),
               QStringLiteral("more than 1000 numbers in arrays"));
        addRow(QStringLiteral("big/vocab.json whose first id is a 63 MB number row"), Reader::Vocab, bigVocabArrayId(),
               QStringLiteral("more than 1000 numbers in arrays"));
        addRow(QStringLiteral("big/GGUF vocabulary of 2^23 empty tokens"), Reader::Gguf, bigGgufVocabulary(), QString());
        addRow(QStringLiteral("big/merges.txt of 63 MB of blank lines"), Reader::Merges, bigMergesBlankLines(), QString());
        addRow(QStringLiteral("big/merges.txt at the merge limit"), Reader::Merges, bigMergesAtTheCap(), QString());
        addRow(QStringLiteral("big/merges.txt of symbols the vocabulary lacks"), Reader::Merges, bigMergesForeignSymbols(),
               QStringLiteral("more than 250000 symbols that the vocabulary does not have; the limit is 250000"));

        // Every file of the corpora, and the good files they break.
        const QString sessions = malformedDir(QStringLiteral("session"));
        QVERIFY(addManifest(QStringLiteral("session"), sessions, [](const QString &) { return Reader::Session; }) >= 40);
        addRow(QStringLiteral("session/good"), Reader::Session, sessions + QStringLiteral("/good.attn.json"), QString());

        const QString matrices = malformedDir(QStringLiteral("matrices"));
        const auto matrixReader = [](const QString &entry) {
            return entry.endsWith(QLatin1String(".npy")) ? Reader::Npy : Reader::MatrixJson;
        };
        QVERIFY(addManifest(QStringLiteral("matrices"), matrices, matrixReader) >= 25);
        addRow(QStringLiteral("matrices/good.json"), Reader::MatrixJson, matrices + QStringLiteral("/good.json"), QString());
        addRow(QStringLiteral("matrices/good.npy"), Reader::Npy, matrices + QStringLiteral("/good.npy"), QString());

        const QString checkpoint = malformedDir(QStringLiteral("checkpoint"));
        const auto checkpointReader = [](const QString &entry) {
            return entry.startsWith(QLatin1String("config/")) ? Reader::Config
                : entry.startsWith(QLatin1String("vocab/"))   ? Reader::Vocab
                : entry.startsWith(QLatin1String("merges/"))  ? Reader::Merges
                                                              : Reader::Checkpoint;
        };
        QVERIFY(addManifest(QStringLiteral("checkpoint"), checkpoint, checkpointReader) >= 50);
        addRow(QStringLiteral("checkpoint/good"), Reader::Checkpoint, checkpoint + QStringLiteral("/good"), QString());
        for (const char *file : {"merges_cr.txt", "merges_crlf.txt"})
            addRow(QStringLiteral("checkpoint/line_ends/") + QLatin1String(file), Reader::Merges,
                   checkpoint + QStringLiteral("/line_ends/") + QLatin1String(file), QString());

        const QString safetensors = QStringLiteral(AE_TEST_DATA_DIR "/safetensors");
        QVERIFY(addManifest(QStringLiteral("safetensors"), safetensors + QStringLiteral("/malformed"),
                            [](const QString &) { return Reader::Safetensors; })
                >= 40);
        QDirIterator valid(safetensors + QStringLiteral("/valid"), {QStringLiteral("*.safetensors")}, QDir::Files);
        while (valid.hasNext()) {
            const QString path = valid.next();
            addRow(QStringLiteral("safetensors/valid/") + QFileInfo(path).fileName(), Reader::Safetensors, path, QString());
        }

        // GGUF: huge string lengths and array counts, > 2^32 elements, deep nesting.
        QVERIFY(addManifest(QStringLiteral("gguf"), malformedDir(QStringLiteral("gguf")),
                            [](const QString &) { return Reader::Gguf; })
                >= 40);
        QDirIterator validGguf(QStringLiteral(AE_TEST_DATA_DIR "/gguf/valid"), {QStringLiteral("*.gguf")}, QDir::Files);
        while (validGguf.hasNext()) {
            const QString path = validGguf.next();
            addRow(QStringLiteral("gguf/valid/") + QFileInfo(path).fileName(), Reader::Gguf, path, QString());
        }
    }

    void peakMemory()
    {
        QFETCH(int, reader);
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const ChildRun run = runInChild(Reader(reader), path);
        QVERIFY2(run.exitedNormally, "the reader crashed or was killed");
        qInfo("peak %ld KiB%s", run.peakKiB, kAddressSanitizer ? " (AddressSanitizer: not asserted)" : "");
        QVERIFY2(kAddressSanitizer || run.peakKiB < kPeakLimitKiB,
                 qPrintable(QStringLiteral("peak resident set %1 MB, the bound is 400 MB").arg(run.peakKiB * 1024 / 1'000'000)));
        if (expected.isEmpty()) {
            QVERIFY2(!run.refused, qPrintable(run.message));
        } else {
            QVERIFY2(run.refused, "accepted");
            QVERIFY2(run.message.contains(expected), qPrintable(run.message));
        }
    }

private:
    QString bigSession() const { return m_dir.filePath(QStringLiteral("empty-arrays.attn.json")); }
    QString bigSessionOfNumbers() const { return m_dir.filePath(QStringLiteral("numbers.attn.json")); }
    QString bigSafetensors() const { return m_dir.filePath(QStringLiteral("million-tensors.safetensors")); }
    QString bigVocabTinyTokens() const { return m_dir.filePath(QStringLiteral("tiny-tokens-vocab.json")); }
    QString bigVocabAtTheCap() const { return m_dir.filePath(QStringLiteral("at-the-cap-vocab.json")); }
    QString bigVocabArray() const { return m_dir.filePath(QStringLiteral("number-row-vocab.json")); }
    QString bigVocabArrayId() const { return m_dir.filePath(QStringLiteral("number-row-id-vocab.json")); }
    QString bigMergesBlankLines() const { return m_dir.filePath(QStringLiteral("blank-lines-merges.txt")); }
    QString bigMergesAtTheCap() const { return m_dir.filePath(QStringLiteral("at-the-cap-merges.txt")); }
    QString bigMergesForeignSymbols() const { return m_dir.filePath(QStringLiteral("foreign-symbols-merges.txt")); }
    QString bigGgufVocabulary() const { return m_dir.filePath(QStringLiteral("vocabulary.gguf")); }
    QString bigVocabOneLongToken() const { return m_dir.filePath(QStringLiteral("one-long-token-vocab.json")); }

    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestPeakMemory)
#include "tst_peakmemory.moc"

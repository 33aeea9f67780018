#pragma once

// Helpers every kind of test uses: bitwise comparisons, matrices from literals and from JSON, how
// far a result is from a reference, reading and writing a file a test uses, running the real
// program to its end, and whether AddressSanitizer is on (its shadow memory and quarantine make
// resident-memory and timing figures meaningless, so such checks report there instead of
// asserting). Tests that build the window or its document have windowtestutils.h as well.

#include "core/engine/learnedmatrices.h"
#include "core/expected.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <initializer_list>
#include <limits>
#include <vector>

namespace testutils {

// An Expected's message, or nothing when it holds a value: QVERIFY2 reads its message even when the
// check passes, and error() of a success throws.
template<typename T>
QString errorOf(const attn::Expected<T> &expected)
{
    return expected ? QString() : expected.error();
}

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// The whole file, or empty when it cannot be read.
inline QByteArray readFileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The JSON object a file holds; empty when the file cannot be read or holds no object.
inline QJsonObject readJsonObject(const QString &path)
{
    return QJsonDocument::fromJson(readFileBytes(path)).object();
}

// Writes the whole file; false when it cannot.
inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Bitwise equality (== would call -0 and +0 equal, and NaN unequal to itself). No memcmp on an
// empty matrix, whose data pointer may be null.
inline bool sameBits(const attn::Matrix &a, const attn::Matrix &b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && (a.size() == 0 || std::memcmp(a.data(), b.data(), size_t(a.size()) * sizeof(float)) == 0);
}

inline bool sameBits(const attn::LearnedMatrices &a, const attn::LearnedMatrices &b)
{
    if (a.heads.size() != b.heads.size() || !sameBits(a.wO, b.wO))
        return false;
    for (size_t h = 0; h < a.heads.size(); ++h) {
        if (!sameBits(a.heads[h].wQ, b.heads[h].wQ) || !sameBits(a.heads[h].wK, b.heads[h].wK)
            || !sameBits(a.heads[h].wV, b.heads[h].wV))
            return false;
    }
    return true;
}

// A committed checkpoint folder (or file) of tests/data/gpt2: tiny-f32, small-bf16, malformed/...
inline QString gpt2Fixture(const QString &name)
{
    return QStringLiteral(AE_TEST_DATA_DIR "/gpt2/") + name;
}

// The shape the committed matrix files are written for (tests/data/io, tests/data/malformed/
// matrices): heads 2, d_model 3, d_k 2, d_v 2.
inline attn::AttentionConfig matrixFixtureConfig()
{
    attn::AttentionConfig config;
    config.heads = 2;
    config.dModel = 3;
    config.dK = 2;
    config.dV = 2;
    return config;
}

// A matrix written out row by row: rows({{1, 0}, {0.5f, 0.5f}}). Every row as long as the first.
inline attn::Matrix rows(std::initializer_list<std::initializer_list<float>> values)
{
    attn::Matrix m(Eigen::Index(values.size()), Eigen::Index(values.begin()->size()));
    Eigen::Index r = 0;
    for (const auto &row : values) {
        Eigen::Index c = 0;
        for (float value : row)
            m(r, c++) = value;
        ++r;
    }
    return m;
}

// A matrix from a JSON array of rows of numbers (a reference file's); as wide as its first row.
inline attn::Matrix toMatrix(const QJsonArray &rows)
{
    const Eigen::Index cols = rows.isEmpty() ? 0 : rows.first().toArray().size();
    attn::Matrix m(rows.size(), cols);
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        const QJsonArray row = rows[r].toArray();
        for (Eigen::Index c = 0; c < cols; ++c)
            m(r, c) = float(row[c].toDouble());
    }
    return m;
}

inline attn::Matrix toMatrix(const QJsonValue &rows)
{
    return toMatrix(rows.toArray());
}

// Largest |a − b| / max(1, |b|): absolute for small numbers, relative for large logits; infinite
// when the shapes differ or a value is NaN, so a comparison against a reference fails then.
inline double difference(const attn::Matrix &a, const attn::Matrix &b)
{
    if (a.rows() != b.rows() || a.cols() != b.cols())
        return std::numeric_limits<double>::infinity();
    double worst = 0.0;
    for (Eigen::Index r = 0; r < a.rows(); ++r)
        for (Eigen::Index c = 0; c < a.cols(); ++c) {
            const double d = std::abs(double(a(r, c)) - double(b(r, c))) / std::max(1.0, std::abs(double(b(r, c))));
            worst = std::isnan(d) ? std::numeric_limits<double>::infinity() : std::max(worst, d);
        }
    return worst;
}

// The token ids a reference.json lists under "ids".
inline std::vector<int> idsOf(const QJsonObject &reference)
{
    std::vector<int> ids;
    for (const QJsonValue &id : reference.value(QLatin1String("ids")).toArray())
        ids.push_back(id.toInt());
    return ids;
}

// GPT-2's byte→character table, derived here from its definition: printable Latin-1 bytes stand
// for themselves, the other 68 bytes take U+0100, U+0101, ... in byte order.
inline QString byteChar(int byte)
{
    int moved = 0;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        if (b == byte)
            return QString(QChar(printable ? b : 0x100 + moved));
        if (!printable)
            ++moved;
    }
    return {};
}

// A run of the real program (AE_APP_PATH) to its end: its exit status and what it printed.
struct AppRun
{
    int exitCode = -1; // -1: did not finish in time (a hang; it was killed); -2: killed by a signal
    QByteArray out;
    QString err;
};

struct AppRunOptions
{
    // Every member has an initializer, so that a designated initializer may name any of them alone.
    QString platform{};                 // QT_QPA_PLATFORM for the run; by default none, and no display
    QByteArray input{};                 // written to its standard input, which is then closed
    std::function<void()> childSetup{}; // in the child between fork and exec: limits, signal dispositions
    int timeoutMs = 120000;
};

// The program as a script runs it. Without DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM from this
// process's environment: --dump, --export and the rest of the headless modes must need no display.
inline AppRun runApp(const QStringList &arguments, const AppRunOptions &options = {})
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    if (!options.platform.isEmpty())
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), options.platform);
    process.setProcessEnvironment(environment);
    if (options.childSetup)
        process.setChildProcessModifier(options.childSetup);
    process.start(QStringLiteral(AE_APP_PATH), arguments);
    if (!process.waitForStarted())
        return {};
    if (!options.input.isNull())
        process.write(options.input);
    process.closeWriteChannel();
    if (!process.waitForFinished(options.timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, process.readAllStandardOutput(),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace testutils

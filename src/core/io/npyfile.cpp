#include "npyfile.h"

#include "filebytes.h"

#include <QRegularExpression>

#include <bit>
#include <cstring>

static_assert(std::endian::native == std::endian::little, ".npy data is read as little-endian");

namespace attn::io {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr qsizetype kMagicLength = 6;
constexpr qsizetype kAlignment = 64;
constexpr qsizetype kMaxHeaderLength = 65536; // numpy's own reader refuses larger headers too

quint32 littleEndian(const uchar *p, int bytes)
{
    quint32 value = 0;
    for (int i = bytes - 1; i >= 0; --i)
        value = (value << 8) | p[i];
    return value;
}

struct Header
{
    QString descr;
    bool fortranOrder = false;
    std::vector<qint64> shape;
};

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }.
// Read just those three keys with a pattern each; anything unexpected is refused, never evaluated.
Expected<Header> parseHeader(const QString &text, const QString &file)
{
    Header header;
    const QString trimmed = text.trimmed();
    if (!trimmed.startsWith(QLatin1Char('{')) || !trimmed.endsWith(QLatin1Char('}')))
        return Error{QStringLiteral("%1: the .npy header is not a Python dict").arg(file)};
    static const QRegularExpression descr(QStringLiteral(R"(['"]descr['"]\s*:\s*['"]([^'"]*)['"])"));
    static const QRegularExpression fortran(QStringLiteral(R"(['"]fortran_order['"]\s*:\s*(True|False))"));
    static const QRegularExpression shape(QStringLiteral(R"(['"]shape['"]\s*:\s*\(([^()]*)\))"));
    const auto d = descr.match(trimmed);
    const auto f = fortran.match(trimmed);
    const auto s = shape.match(trimmed);
    if (!d.hasMatch() || !f.hasMatch() || !s.hasMatch())
        return Error{QStringLiteral("%1: the .npy header lacks 'descr', 'fortran_order' or 'shape'").arg(file)};
    header.descr = d.captured(1);
    header.fortranOrder = f.captured(1) == QLatin1String("True");
    for (QString part : s.captured(1).split(QLatin1Char(','))) {
        part = part.trimmed();
        if (part.isEmpty())
            continue;
        bool ok = false;
        const qlonglong value = part.toLongLong(&ok);
        if (!ok || value < 0)
            return Error{QStringLiteral("%1: the .npy shape has the value \"%2\"").arg(file, part.left(40))};
        header.shape.push_back(value);
    }
    return header;
}

} // namespace

QByteArray writeNpy(const Matrix &matrix)
{
    QByteArray dict = QByteArrayLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (")
        + QByteArray::number(qint64(matrix.rows())) + ", " + QByteArray::number(qint64(matrix.cols())) + "), }";
    // magic (6) + version (2) + length (2) + dict + spaces + '\n' is a multiple of 64.
    const qsizetype prefix = kMagicLength + 4;
    const qsizetype total = (prefix + dict.size() + 1 + kAlignment - 1) / kAlignment * kAlignment;
    dict += QByteArray(total - prefix - dict.size() - 1, ' ');
    dict += '\n';

    QByteArray bytes(kMagic, kMagicLength);
    bytes += char(1);
    bytes += char(0);
    bytes += char(dict.size() & 0xff);
    bytes += char((dict.size() >> 8) & 0xff);
    bytes += dict;
    const qsizetype dataBytes = qsizetype(matrix.size()) * qsizetype(sizeof(float));
    bytes.append(reinterpret_cast<const char *>(matrix.data()), dataBytes); // row-major = C order
    return bytes;
}

Expected<Matrix> readNpy(QByteArrayView bytes, const QString &file)
{
    const auto *data = reinterpret_cast<const uchar *>(bytes.data());
    const qsizetype size = bytes.size();
    if (size < kMagicLength + 4 || std::memcmp(data, kMagic, kMagicLength) != 0)
        return Error{QStringLiteral("%1: not a NumPy .npy file (the magic bytes \\x93NUMPY are missing)").arg(file)};
    const int major = data[6];
    int lengthBytes = 0;
    if (major == 1)
        lengthBytes = 2;
    else if (major == 2 || major == 3)
        lengthBytes = 4;
    else
        return Error{QStringLiteral("%1: .npy format version %2.%3 is not supported (1.0, 2.0 and 3.0 are)")
                         .arg(file).arg(major).arg(data[7])};
    const qsizetype headerStart = kMagicLength + 2 + lengthBytes;
    if (size < headerStart)
        return Error{QStringLiteral("%1: the file ends inside the .npy header (truncated?)").arg(file)};
    const qint64 headerLength = littleEndian(data + kMagicLength + 2, lengthBytes);
    if (headerLength > kMaxHeaderLength)
        return Error{QStringLiteral("%1: the .npy header claims %2 bytes; at most %3 are accepted")
                         .arg(file).arg(headerLength).arg(kMaxHeaderLength)};
    if (headerStart + headerLength > size)
        return Error{QStringLiteral("%1: the .npy header claims %2 bytes but the file has only %3 after the magic (truncated?)")
                         .arg(file).arg(headerLength).arg(size - headerStart)};
    const QByteArrayView headerBytes = bytes.sliced(headerStart, qsizetype(headerLength));
    // Version 3.0 allows UTF-8 in the header; 1.0 and 2.0 are Latin-1. Both are ASCII in practice.
    const QString headerText = major == 3 ? QString::fromUtf8(headerBytes) : QString::fromLatin1(headerBytes);
    Expected<Header> header = parseHeader(headerText, file);
    if (!header)
        return Error{header.error()};

    const QString &descr = header->descr;
    int itemSize = 0;
    if (descr == QLatin1String("<f4"))
        itemSize = 4;
    else if (descr == QLatin1String("<f8"))
        itemSize = 8;
    else if (descr == QLatin1String(">f4") || descr == QLatin1String(">f8"))
        return Error{QStringLiteral("%1: the data is big-endian ('%2'); save it little-endian (e.g. array.astype('<f4'))")
                         .arg(file, descr)};
    else
        return Error{QStringLiteral("%1: dtype '%2' is not supported; save float32 ('<f4') or float64 ('<f8')")
                         .arg(file, descr.left(40))};
    if (header->fortranOrder)
        return Error{QStringLiteral("%1: the data is in Fortran (column-major) order; save it in C order "
                                    "(numpy.ascontiguousarray)").arg(file)};
    if (header->shape.size() != 2)
        return Error{QStringLiteral("%1: the array is %2-dimensional; a matrix file holds one 2-dimensional array (rows, columns)")
                         .arg(file).arg(header->shape.size())};

    const qint64 rows = header->shape[0];
    const qint64 cols = header->shape[1];
    const qint64 available = size - headerStart - headerLength;
    // Overflow-checked: rows × cols × itemSize must be exactly the bytes after the header.
    qint64 count = 0;
    qint64 needed = 0;
    const bool overflow = __builtin_mul_overflow(rows, cols, &count)
        || __builtin_mul_overflow(count, qint64(itemSize), &needed);
    if (overflow || needed != available)
        return Error{QStringLiteral("%1: shape (%2, %3) of '%4' needs %5 bytes of data, the file has %6%7")
                         .arg(file).arg(rows).arg(cols).arg(descr)
                         .arg(overflow ? QStringLiteral("more than 2^63") : QString::number(needed))
                         .arg(available)
                         .arg(available < needed ? QStringLiteral(" (truncated?)") : QString())};

    Matrix matrix(rows, cols);
    const uchar *values = data + headerStart + headerLength;
    if (itemSize == 4) {
        if (needed > 0) // an empty matrix has no data pointer, and memcpy from or to null is undefined
            std::memcpy(matrix.data(), values, size_t(needed));
    } else {
        for (qint64 i = 0; i < count; ++i) {
            double v;
            std::memcpy(&v, values + i * 8, 8);
            matrix.data()[i] = float(v);
        }
    }
    return matrix;
}

Expected<Matrix> loadNpy(const QString &path)
{
    Expected<QByteArray> bytes = readFileBytes(path, kMaxNpyFileBytes);
    if (!bytes)
        return Error{bytes.error()};
    return readNpy(*bytes, path);
}

} // namespace attn::io

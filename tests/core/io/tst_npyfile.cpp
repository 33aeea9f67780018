// NumPy .npy: files made by numpy.save (tests/data/io/make_io_fixtures.py) read to the numbers the
// script wrote; our writer's bytes equal numpy's own; every unsupported variant is refused by name.
#include "iotestutil.h"

#include "core/io/filebytes.h"
#include "core/io/npyfile.h"

#include <QTemporaryDir>
#include <QTest>

using namespace attn;
using namespace attn::io;

namespace {

using iotest::grid;

} // namespace

class TestNpyFile : public QObject
{
    Q_OBJECT

private slots:
    void readsNumpyFloat32()
    {
        const Expected<Matrix> m = loadNpy(iotest::dataPath("npy/matrix_f4.npy"));
        QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error()));
        QVERIFY(iotest::sameBits(*m, grid(3, 4, 0)));
    }

    void readsVersion2()
    {
        const Expected<Matrix> m = loadNpy(iotest::dataPath("npy/matrix_v2.npy"));
        QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error()));
        QVERIFY(iotest::sameBits(*m, grid(3, 4, 0)));
    }

    void convertsFloat64()
    {
        const Expected<Matrix> m = loadNpy(iotest::dataPath("npy/matrix_f8.npy"));
        QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error()));
        Matrix expected(2, 3);
        // numpy wrote these as float64; float32 is the nearest float to each double.
        expected << float(0.1), float(-2.5e-8), float(1e30), 3.f, -0.f, float(123456.789);
        QVERIFY(iotest::sameBits(*m, expected));
    }

    void readsAnEmptyMatrix()
    {
        // numpy.save of np.zeros((0, 3), '<f4'): a header and no data (the fuzzer's first finding,
        // a memcpy from a null pointer; UBSan in CI reports it if it comes back).
        QByteArray header("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }");
        while ((10 + header.size() + 1) % 64 != 0)
            header += ' ';
        header += '\n';
        QByteArray bytes("\x93NUMPY\x01\x00", 8);
        bytes += char(header.size() & 0xff);
        bytes += char(header.size() >> 8);
        bytes += header;
        const Expected<Matrix> m = readNpy(bytes, QStringLiteral("empty.npy"));
        QVERIFY2(m.ok(), m.ok() ? "" : qPrintable(m.error()));
        QCOMPARE(m->rows(), 0);
        QCOMPARE(m->cols(), 3);
    }

    void writesNumpyBytes()
    {
        // Byte for byte what numpy.save wrote for the same float32 matrix: header, padding, data.
        const QByteArray numpy = testutils::readFileBytes(iotest::dataPath("npy/matrix_f4.npy"));
        QVERIFY(!numpy.isEmpty());
        QCOMPARE(writeNpy(grid(3, 4, 0)), numpy);
    }

    void roundTripIsBitExact_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addRow("1x1") << 1 << 1;
        QTest::addRow("32x4") << 32 << 4;
        QTest::addRow("7x130 (long header shape)") << 7 << 130;
        QTest::addRow("0x5") << 0 << 5;
    }
    void roundTripIsBitExact()
    {
        QFETCH(int, rows);
        QFETCH(int, cols);
        QRandomGenerator random(rows * 1000 + cols);
        Matrix m(rows, cols);
        iotest::fillHard(m, random);
        const QByteArray bytes = writeNpy(m);
        QCOMPARE((bytes.size() - m.size() * 4) % 64, 0); // header aligned as numpy aligns it
        const Expected<Matrix> back = readNpy(bytes, QStringLiteral("x.npy"));
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error()));
        QVERIFY(iotest::sameBits(*back, m));

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("m.npy"));
        QCOMPARE(writeFile(path, bytes), QString());
        const Expected<Matrix> fromFile = loadNpy(path);
        QVERIFY(fromFile.ok() && iotest::sameBits(*fromFile, m));
    }

    void refused_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::addRow("fortran order") << "fortran.npy" << "Fortran (column-major) order";
        QTest::addRow("big-endian") << "bigendian.npy" << "big-endian ('>f4')";
        QTest::addRow("int32") << "int32.npy" << "dtype '<i4' is not supported";
        QTest::addRow("rank 3") << "rank3.npy" << "the array is 3-dimensional";
        QTest::addRow("rank 1") << "vector.npy" << "the array is 1-dimensional";
        QTest::addRow("truncated") << "truncated.npy" << "needs 48 bytes of data, the file has 43 (truncated?)";
        QTest::addRow("trailing bytes") << "trailing.npy" << "needs 48 bytes of data, the file has 52";
        QTest::addRow("bad magic") << "badmagic.npy" << "not a NumPy .npy file";
        QTest::addRow("header length") << "headerlength.npy" << "the .npy header claims 60000 bytes";
        QTest::addRow("shape overflow") << "overflow.npy" << "needs more than 2^63 bytes";
        QTest::addRow("missing file") << "nonexistent.npy" << "no such file";
    }
    void refused()
    {
        QFETCH(QString, file);
        QFETCH(QString, message);
        const QString path = iotest::dataPath("npy/") + file;
        const Expected<Matrix> m = loadNpy(path);
        QVERIFY(!m.ok());
        QVERIFY2(m.error().startsWith(path + QLatin1String(": ")), qPrintable(m.error()));
        QVERIFY2(m.error().contains(message), qPrintable(m.error()));
    }

    void truncatedAnywhereIsRefused()
    {
        const QByteArray good = writeNpy(grid(3, 4, 0));
        for (qsizetype length = 0; length < good.size(); ++length)
            QVERIFY2(!readNpy(good.left(length), QStringLiteral("cut.npy")).ok(), qPrintable(QString::number(length)));
    }
};

QTEST_GUILESS_MAIN(TestNpyFile)
#include "tst_npyfile.moc"

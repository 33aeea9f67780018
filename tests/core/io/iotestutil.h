#pragma once

#include "testutils.h"

#include "core/engine/learnedmatrices.h"

#include <QRandomGenerator>
#include <QString>

#include <bit>
#include <cmath>

// Helpers shared by the file-format tests.
namespace iotest {

inline QString dataPath(const char *relative)
{
    return QStringLiteral(AE_TEST_DATA_DIR "/io/") + QLatin1String(relative);
}

// Floats from random bits (finite only): every exponent, subnormals, ±0, extremes. A format that
// goes through decimal text or double must reproduce each of them bit for bit.
inline float hardFloat(QRandomGenerator &random)
{
    while (true) {
        const float f = std::bit_cast<float>(random.generate());
        if (std::isfinite(f))
            return f;
    }
}

inline void fillHard(attn::Matrix &m, QRandomGenerator &random)
{
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = hardFloat(random);
}

// make_io_fixtures.py's grid(rows, cols, offset): entry [r, c] = (offset + r·cols + c) / 16 − 1.
inline attn::Matrix grid(int rows, int cols, int offset)
{
    attn::Matrix m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            m(r, c) = float(offset + r * cols + c) / 16.f - 1.f;
    return m;
}

using testutils::sameBits;

} // namespace iotest

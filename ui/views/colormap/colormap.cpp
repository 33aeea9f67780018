#include "colormap.h"

#include "colormaptables.h"

#include <algorithm>
#include <cmath>

namespace attn::ui {

namespace {

int toByte(double channel) // [0, 1] → 0…255, rounded as matplotlib's to_hex rounds
{
    return std::clamp(int(std::lround(channel * 255.0)), 0, 255);
}

ColorTable tableFromData(const float (&data)[256][3])
{
    ColorTable table{};
    for (int i = 0; i < kColorTableSize; ++i)
        table[size_t(i)] = qRgb(toByte(data[i][0]), toByte(data[i][1]), toByte(data[i][2]));
    return table;
}

// Samples evenly spaced control colours (0xRRGGBB) at `count` evenly spaced positions with linear
// interpolation in sRGB, as matplotlib's LinearSegmentedColormap.from_list does.
template<size_t Count, size_t Controls>
std::array<QRgb, Count> interpolate(const std::array<quint32, Controls> &controls)
{
    std::array<QRgb, Count> table{};
    for (size_t i = 0; i < Count; ++i) {
        const double position = double(i) / double(Count - 1) * double(Controls - 1);
        const size_t left = std::min(size_t(position), Controls - 2);
        const double f = position - double(left);
        const QRgb a = controls[left];
        const QRgb b = controls[left + 1];
        auto mix = [f](int x, int y) { return toByte(((1.0 - f) * x + f * y) / 255.0); };
        table[i] = qRgb(mix(qRed(a), qRed(b)), mix(qGreen(a), qGreen(b)), mix(qBlue(a), qBlue(b)));
    }
    return table;
}

ColorTable makeGreys()
{
    // ColorBrewer "Greys", nine classes, light to dark.
    const std::array<quint32, 9> controls{0xffffff, 0xf0f0f0, 0xd9d9d9, 0xbdbdbd, 0x969696,
                                          0x737373, 0x525252, 0x252525, 0x000000};
    return interpolate<kColorTableSize>(controls);
}

DivergingTable makeDiverging()
{
    // ColorBrewer "RdBu", eleven classes, reversed so that negative is blue and positive red.
    const std::array<quint32, 11> controls{0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7,
                                           0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f};
    return interpolate<kDivergingTableSize>(controls);
}

} // namespace

const ColorTable &colorTable(ColorMapId map)
{
    static const ColorTable viridis = tableFromData(colormapdata::viridis);
    static const ColorTable magma = tableFromData(colormapdata::magma);
    static const ColorTable cividis = tableFromData(colormapdata::cividis);
    static const ColorTable greys = makeGreys();
    switch (map) {
    case ColorMapId::Viridis:
        return viridis;
    case ColorMapId::Magma:
        return magma;
    case ColorMapId::Cividis:
        return cividis;
    case ColorMapId::Greys:
        return greys;
    }
    return viridis;
}

QRgb colorAt(ColorMapId map, double t)
{
    const int index = colorIndex(t);
    return index < 0 ? noValueColor(map) : colorTable(map)[size_t(index)];
}

QRgb noValueColor(ColorMapId map)
{
    return map == ColorMapId::Greys ? qRgb(0xf2, 0xd0, 0xd0) : qRgb(0xdc, 0xdc, 0xdc);
}

std::array<ColorMapId, 4> allColorMaps()
{
    return {ColorMapId::Viridis, ColorMapId::Magma, ColorMapId::Cividis, ColorMapId::Greys};
}

const DivergingTable &divergingTable()
{
    static const DivergingTable table = makeDiverging();
    return table;
}

int divergingIndex(double value, double range)
{
    if (std::isnan(value))
        return -1;
    const double r = (range > 0.0 && std::isfinite(range)) ? range : 1.0;
    const double s = std::clamp(value / r, -1.0, 1.0); // ±inf clamps to the ends
    return kDivergingCentre + int(std::lround(s * kDivergingCentre));
}

QRgb divergingColorAt(double value, double range)
{
    const int index = divergingIndex(value, range);
    return index < 0 ? divergingNoValueColor() : divergingTable()[size_t(index)];
}

QRgb divergingNoValueColor()
{
    return qRgb(0xa6, 0xa6, 0xa6);
}

double symmetricRange(const Matrix &scores, bool causal)
{
    double largest = 0.0;
    for (Eigen::Index row = 0; row < scores.rows(); ++row) {
        const Eigen::Index visible = causal ? std::min(row + 1, scores.cols()) : scores.cols();
        for (Eigen::Index col = 0; col < visible; ++col) {
            const float v = scores(row, col);
            if (std::isfinite(v))
                largest = std::max(largest, double(std::fabs(v)));
        }
    }
    return largest > 0.0 ? largest : 1.0;
}

QColor headColor(int head)
{
    // Tableau 10 without its grey (grey reads as "no value"), plus a deeper teal.
    static const std::array<quint32, 10> palette{0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                                 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0x2f8f8a};
    if (head < 0)
        return QColor(0x80, 0x80, 0x80);
    if (head < int(palette.size()))
        return QColor(QRgb(palette[size_t(head)]));
    const double goldenAngle = 137.50776405003785;
    const double hue = std::fmod(30.0 + head * goldenAngle, 360.0);
    const double lightness = (head % 2 == 0) ? 0.45 : 0.62;
    return QColor::fromHslF(float(hue / 360.0), 0.62f, float(lightness));
}

QColor textColorOn(QRgb background)
{
    // Relative luminance (sRGB → linear, Rec. 709 weights); 0.179 is where black and white text
    // have equal contrast.
    auto linear = [](int c) {
        const double s = c / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    const double luminance =
        0.2126 * linear(qRed(background)) + 0.7152 * linear(qGreen(background)) + 0.0722 * linear(qBlue(background));
    return luminance > 0.179 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace attn::ui

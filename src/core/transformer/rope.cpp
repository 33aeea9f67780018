#include "rope.h"

#include <cmath>
#include <numbers>

namespace attn {

std::vector<double> ropeFrequencies(const RopeSettings &settings, int tokens)
{
    const int half = settings.rotaryDim / 2;
    const double dim = settings.rotaryDim;
    double theta = settings.theta;
    if (settings.scaling == RopeSettings::Scaling::Dynamic && tokens > settings.maxPositions && dim > 2)
        theta *= std::pow(settings.factor * tokens / settings.maxPositions - (settings.factor - 1.0), dim / (dim - 2.0));

    std::vector<double> frequencies(static_cast<size_t>(half));
    for (int i = 0; i < half; ++i)
        frequencies[size_t(i)] = 1.0 / std::pow(theta, 2.0 * i / dim);

    if (settings.scaling == RopeSettings::Scaling::Linear) {
        for (double &f : frequencies)
            f /= settings.factor;
    } else if (settings.scaling == RopeSettings::Scaling::Llama3) {
        const double lowFrequencyWavelength = settings.originalPositions / settings.lowFrequencyFactor;
        const double highFrequencyWavelength = settings.originalPositions / settings.highFrequencyFactor;
        for (double &f : frequencies) {
            const double wavelength = 2.0 * std::numbers::pi / f;
            if (wavelength < highFrequencyWavelength)
                continue; // fine position detail: kept
            if (wavelength > lowFrequencyWavelength) {
                f /= settings.factor; // long range: stretched like linear scaling
                continue;
            }
            const double smooth = (settings.originalPositions / wavelength - settings.lowFrequencyFactor)
                / (settings.highFrequencyFactor - settings.lowFrequencyFactor);
            f = (1.0 - smooth) * f / settings.factor + smooth * f;
        }
    }
    if (settings.frequencyDivisors.size() == frequencies.size())
        for (size_t i = 0; i < frequencies.size(); ++i)
            frequencies[i] /= settings.frequencyDivisors[i];
    return frequencies;
}

RopeTable ropeTable(const RopeSettings &settings, int tokens)
{
    const std::vector<double> frequencies = ropeFrequencies(settings, tokens);
    const int half = settings.rotaryDim / 2;
    RopeTable table;
    table.rotaryDim = settings.rotaryDim;
    table.cos.resize(tokens, half);
    table.sin.resize(tokens, half);
    for (int p = 0; p < tokens; ++p)
        for (int i = 0; i < half; ++i) {
            const double angle = p * frequencies[size_t(i)];
            table.cos(p, i) = float(std::cos(angle));
            table.sin(p, i) = float(std::sin(angle));
        }
    return table;
}

void applyRope(const RopeTable &table, Matrix &x)
{
    const Eigen::Index half = table.rotaryDim / 2;
    for (Eigen::Index p = 0; p < x.rows(); ++p) {
        float *row = x.row(p).data();
        for (Eigen::Index i = 0; i < half; ++i) {
            const float a = row[i];
            const float b = row[i + half];
            const float c = table.cos(p, i);
            const float s = table.sin(p, i);
            row[i] = a * c - b * s;
            row[i + half] = b * c + a * s;
        }
    }
}

} // namespace attn

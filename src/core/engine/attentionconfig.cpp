#include "attentionconfig.h"

#include <cmath>

namespace attn {

QString positionalEncodingName(PositionalEncoding encoding)
{
    switch (encoding) {
    case PositionalEncoding::None:
        return QStringLiteral("none");
    case PositionalEncoding::Sinusoidal:
        return QStringLiteral("sinusoidal");
    }
    return {};
}

std::optional<PositionalEncoding> positionalEncodingFromName(const QString &name)
{
    if (name == QLatin1String("none"))
        return PositionalEncoding::None;
    if (name == QLatin1String("sinusoidal"))
        return PositionalEncoding::Sinusoidal;
    return std::nullopt;
}

QString validateConfig(const AttentionConfig &config)
{
    auto outOfRange = [](const char *what, int value, int low, int high) {
        return QStringLiteral("%1 must be between %2 and %3, got %4")
            .arg(QLatin1String(what)).arg(low).arg(high).arg(value);
    };
    if (config.heads < 1 || config.heads > Limits::maxHeads)
        return outOfRange("heads", config.heads, 1, Limits::maxHeads);
    if (config.dModel < 1 || config.dModel > Limits::maxDModel)
        return outOfRange("d_model", config.dModel, 1, Limits::maxDModel);
    if (config.dK < 1 || config.dK > Limits::maxDHead)
        return outOfRange("d_k", config.dK, 1, Limits::maxDHead);
    if (config.dV < 1 || config.dV > Limits::maxDHead)
        return outOfRange("d_v", config.dV, 1, Limits::maxDHead);
    if (!std::isfinite(config.temperature) || config.temperature <= 0.0)
        return QStringLiteral("temperature must be a finite number above 0, got %1").arg(config.temperature);
    return {};
}

} // namespace attn

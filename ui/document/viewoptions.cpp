#include "viewoptions.h"

namespace attn::ui {

QString colorMapName(ColorMapId id)
{
    switch (id) {
    case ColorMapId::Viridis:
        return QStringLiteral("viridis");
    case ColorMapId::Magma:
        return QStringLiteral("magma");
    case ColorMapId::Cividis:
        return QStringLiteral("cividis");
    case ColorMapId::Greys:
        return QStringLiteral("greys");
    }
    return {};
}

QString colorScaleName(ColorScale scale)
{
    switch (scale) {
    case ColorScale::Fixed:
        return QStringLiteral("fixed");
    case ColorScale::Row:
        return QStringLiteral("row");
    case ColorScale::Head:
        return QStringLiteral("head");
    case ColorScale::Visible:
        return QStringLiteral("visible");
    }
    return {};
}

QString colorTransferName(ColorTransfer transfer)
{
    switch (transfer) {
    case ColorTransfer::Linear:
        return QStringLiteral("linear");
    case ColorTransfer::Power:
        return QStringLiteral("power");
    case ColorTransfer::Log:
        return QStringLiteral("log");
    }
    return {};
}

ColorScale colorScaleFromName(const QString &name)
{
    for (ColorScale scale : {ColorScale::Row, ColorScale::Head, ColorScale::Visible})
        if (name == colorScaleName(scale))
            return scale;
    return ColorScale::Fixed;
}

ColorTransfer colorTransferFromName(const QString &name)
{
    for (ColorTransfer transfer : {ColorTransfer::Power, ColorTransfer::Log})
        if (name == colorTransferName(transfer))
            return transfer;
    return ColorTransfer::Linear;
}

} // namespace attn::ui

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

} // namespace attn::ui

#pragma once

// Raw control values of the perceptual maps, entry i of 256 (sRGB in [0, 1]). Only colormap.cpp
// reads these; everyone else asks colormap.h for QRgb.
namespace attn::ui::colormapdata {

extern const float viridis[256][3];
extern const float magma[256][3];
extern const float cividis[256][3];

} // namespace attn::ui::colormapdata

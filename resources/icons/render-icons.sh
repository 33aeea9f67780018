#!/usr/bin/env bash
# Renders attention-explorer.svg to the PNGs the application icon is made of (16 to 256 pixels),
# beside the SVG. The PNGs are committed: the build needs neither this script nor rsvg-convert
# (Debian's librsvg2-bin), and Qt then needs no SVG plugin to show the icon. Run it after changing
# the SVG.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
command -v rsvg-convert >/dev/null || "$here/../../scripts/ensure-packages.sh" librsvg2-bin >&2

for size in 16 32 48 64 128 256; do
    rsvg-convert --width "$size" --height "$size" "$here/attention-explorer.svg" \
        --output "$here/attention-explorer-$size.png"
done

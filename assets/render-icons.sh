#!/bin/sh
# Renders the app icon from assets/poolscope-icon.svg into every size and container the installers use.
# The outputs are committed, so building an installer needs none of these tools; rerun after editing the SVG.
# Needs (Debian): librsvg2-bin (rsvg-convert), icoutils (icotool), icnsutils (png2icns).
set -eu
cd "$(dirname "$0")/.."
svg=assets/poolscope-icon.svg
mkdir -p assets/png
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" "$svg" -o "assets/png/poolscope-$size.png"
done
# Linux: jpackage's menu icon; the hicolor sizes are copied from assets/png by the build.
cp assets/png/poolscope-256.png packaging/linux/PoolScope.png
# Windows: one .ico with the sizes Explorer, the taskbar and the Start menu ask for (256 px kept as PNG).
icotool -c -o packaging/windows/PoolScope.ico \
  assets/png/poolscope-16.png assets/png/poolscope-24.png assets/png/poolscope-32.png \
  assets/png/poolscope-48.png assets/png/poolscope-64.png -r assets/png/poolscope-256.png
# macOS: png2icns takes 16, 32, 48, 128, 256 and 512 px images.
png2icns packaging/macos/PoolScope.icns \
  assets/png/poolscope-16.png assets/png/poolscope-32.png assets/png/poolscope-48.png \
  assets/png/poolscope-128.png assets/png/poolscope-256.png assets/png/poolscope-512.png >/dev/null
ls -l assets/png packaging/linux/PoolScope.png packaging/windows/PoolScope.ico packaging/macos/PoolScope.icns

#!/usr/bin/env bash
# Copies the self-hosted Fira Sans (npm @fontsource/fira-sans, see package.json) into static/vendor,
# so `make run` on a fresh machine and `collectstatic` in Docker need no npm and no font CDN.
# Run after `npm ci` when the package version changes, and commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${FONTSOURCE_DIR:-node_modules/@fontsource/fira-sans}
dst=static/vendor/fontsource/fira-sans
rm -rf "$dst"
mkdir -p "$dst/files"
for subset in latin latin-ext; do
  for variant in 400 400-italic 600 700; do
    cp "$src/$subset-$variant.css" "$dst/"
    style=normal
    weight=${variant%-italic}
    [[ $variant == *italic ]] && style=italic
    cp "$src/files/fira-sans-$subset-$weight-$style.woff2" "$src/files/fira-sans-$subset-$weight-$style.woff" "$dst/files/"
  done
done
cp "$src/LICENSE" "$dst/LICENSE"
version=$(node -p "require(require('path').resolve('$src/package.json')).version")
# One stylesheet (no @import chain): the browser only fetches the files whose unicode-range it needs.
{
  echo "/* Fira Sans $version from @fontsource/fira-sans (SIL OFL 1.1), copied by scripts/vendor-fonts.sh. */"
  cat "$dst"/latin-*.css
} > "$dst/fira-sans.css"
rm "$dst"/latin-*.css
echo "$dst: Fira Sans $version"

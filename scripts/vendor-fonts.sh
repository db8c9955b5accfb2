#!/usr/bin/env bash
# Copies the self-hosted Fira Sans (npm @fontsource/fira-sans, see package.json) into static/vendor,
# so `make run` on a fresh machine and `collectstatic` in Docker need no npm and no font CDN.
# Run after `npm ci` when the package version changes, and commit the result.
# Kept: the latin and latin-ext subsets (Dutch, and names like Łukasz or Şahin) of 400, 400 italic,
# 600 and 700, with their unicode-range, so a browser fetches latin-ext only when a page needs it.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${FONTSOURCE_DIR:-node_modules/@fontsource/fira-sans}
dst=static/vendor/fontsource/fira-sans
rm -rf "$dst"
mkdir -p "$dst/files"
version=$(node -p "require(require('path').resolve('$src/package.json')).version")
{
  echo "/* Fira Sans $version from @fontsource/fira-sans (SIL OFL 1.1), copied by scripts/vendor-fonts.sh. */"
  for weight in 400 400-italic 600 700; do
    # Each @font-face block of the weight file whose comment names the latin or latin-ext subset.
    awk 'BEGIN { RS = ""; ORS = "\n\n" } /fira-sans-latin(-ext)?-[0-9]+-(normal|italic) \*\// { print }' "$src/$weight.css"
  done
} > "$dst/fira-sans.css"
for f in $(grep -o 'files/[^)]*' "$dst/fira-sans.css" | sort -u); do cp "$src/$f" "$dst/files/"; done
cp "$src/LICENSE" "$dst/LICENSE"
echo "$dst: Fira Sans $version, $(grep -c '@font-face' "$dst/fira-sans.css") faces"

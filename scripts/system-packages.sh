#!/usr/bin/env bash
# Makes sure the Debian packages the app needs are present.
#   runtime: WeasyPrint's pango/cairo and fonts   test: plus Debian's Chromium for Playwright
# As root it installs what is missing with apt; otherwise it says exactly what to install.
set -euo pipefail
what=${1:-runtime}
need=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core fonts-liberation)
if [ "$what" = "test" ]; then
  # redis-server: the fault tests (`make faults`) start Redis servers of their own.
  # chromium-headless-shell: the same Chromium for the browser tests, lighter (tests/browser/fixtures.py).
  need+=(chromium chromium-headless-shell nodejs npm redis-server)
fi
missing=()
for pkg in "${need[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
# nodejs/npm may come from outside Debian (nodesource, nvm): a working binary is enough.
filtered=()
for pkg in "${missing[@]}"; do
  case "$pkg" in
    nodejs) command -v node >/dev/null || filtered+=("$pkg") ;;
    npm) command -v npm >/dev/null || filtered+=("$pkg") ;;
    redis-server) command -v redis-server >/dev/null || filtered+=("$pkg") ;;
    *) filtered+=("$pkg") ;;
  esac
done
missing=("${filtered[@]+"${filtered[@]}"}")
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installeren van systeempakketten: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Ontbrekende systeempakketten: ${missing[*]}" >&2
  echo "Installeer ze met: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

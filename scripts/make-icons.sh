#!/usr/bin/env bash
# Renders public/icon.svg into the console's PNG icons and favicon.ico with the Debian Chromium the
# e2e tests use (no image tools needed). Run after editing the SVG: bash scripts/make-icons.sh
set -euo pipefail
cd "$(dirname "$0")/../public"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
render() { # size output
  printf '<html><body style="margin:0"><img src="file://%s/icon.svg" width="%s" height="%s" style="display:block"></body></html>' "$PWD" "$1" "$1" >"$tmp/i.html"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$1,$1" --screenshot="$2" "$tmp/i.html" >/dev/null 2>&1
}
render 192 icon-192.png
render 512 icon-512.png
render 180 apple-touch-icon.png
render 32 "$tmp/32.png"
# An .ico holding one 32x32 PNG (valid for every browser since 2009).
python3 - "$tmp/32.png" favicon.ico <<'PY'
import struct, sys
png = open(sys.argv[1], "rb").read()
head = struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, len(png), 22)
open(sys.argv[2], "wb").write(head + png)
PY
echo "icons written to $PWD"

#!/usr/bin/env bash
# Installs the Debian packages the product and its tests need, idempotently: a few milliseconds when
# they are present. Elsewhere (not root, no apt) it names what is missing and fails clearly.
set -euo pipefail

# chromium: e2e tests. bubblewrap, slirp4netns, python3: function sandbox, its own network namespace
# and its Runtime API socket (python3 is also the Python runtime). runc, umoci, skopeo, docker-registry:
# container-image functions (busybox-static builds test images). postgresql, pgbouncer: database
# instances and proxies (RDS API).
PACKAGES=(chromium bubblewrap slirp4netns python3 runc umoci skopeo docker-registry busybox-static postgresql pgbouncer)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "[setup] installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "[setup] installed: ${missing[*]}"

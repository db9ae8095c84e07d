#!/usr/bin/env bash
# Installs the Debian packages the product and its tests need, idempotently: one dpkg-query when
# they are present. `npm start` and `npm test` both run it. Elsewhere (not root, no apt) it names
# what is missing and the exact command, and exits 1.
#   --check   only report (exit 1 when something is missing); never installs
#   --list    print the package list, one per line
set -euo pipefail

# The one list of system packages (issue 19): add new ones here, nowhere else.
# chromium: e2e tests. bubblewrap, slirp4netns, python3: function sandbox, its own network namespace
# and its Runtime API socket (python3 is also the Python runtime). runc, umoci, skopeo, docker-registry:
# container-image functions (busybox-static builds test images). postgresql, pgbouncer: database
# proxies (RDS). g++, make: the engine suite's run on Node.js 24 builds better-sqlite3 for it
# (scripts/with-node.ts). xz-utils: the layers spec ships Debian's xz in a layer (/opt/lib).
# util-linux: prlimit sets Lambda's nofile/nproc limits inside each sandbox.
# awscli, python3-boto3: the client-compatibility specs (lib/engine/compat) drive every service with
# the AWS CLI v2 and boto3 (botocore: the AWS CLI v1's protocols too).
PACKAGES=(chromium bubblewrap slirp4netns python3 runc umoci skopeo docker-registry busybox-static postgresql pgbouncer g++ make xz-utils util-linux awscli python3-boto3)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${PACKAGES[@]}"
  exit 0
fi

installed=" $(dpkg-query -W -f='${Package} ${Status}\n' "${PACKAGES[@]}" 2>/dev/null | awk '$4 == "installed" { printf "%s ", $1 }' || true)"
missing=()
for p in "${PACKAGES[@]}"; do
  [[ "$installed" == *" $p "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "${1:-}" = "--check" ] || [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  echo "  (or: sudo bash scripts/install-system-packages.sh)" >&2
  exit 1
fi
echo "[setup] installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the package's own registry service on :5000, the port the engine's registry uses
# (it runs its own, with its own storage and credentials): stop it, and keep it from starting again.
if [[ " ${missing[*]} " == *" docker-registry "* ]] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now docker-registry.service >/dev/null 2>&1 || true
fi
echo "[setup] installed: ${missing[*]}"

#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the report and dashboard screenshot tests,
# PostgreSQL for the storage tests. Installs only what is missing (as root, or through sudo).
set -euo pipefail

packages=(chromium postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
echo "installing Debian packages: ${missing[*]}" >&2
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"

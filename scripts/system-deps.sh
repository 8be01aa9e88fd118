#!/usr/bin/env bash
# Debian packages the test suite needs (browser tests drive Debian's chromium).
# Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
# postgresql-15-postgis-3 holds the extension (Debian's "postgis" is only the client tools and
# brings the extension as a mere recommendation, skipped by --no-install-recommends).
bash "$(dirname "$0")/postgis.sh" check || need+=(postgresql postgresql-15-postgis-3)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

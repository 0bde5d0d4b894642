#!/usr/bin/env bash
# Installs the browser that the portal's browser tests drive (e2e/.../portal/*BrowserIntegrationTests):
# Debian's Chromium, used by Playwright through its executablePath, so Playwright never downloads a browser.
# Idempotent: does nothing when /usr/bin/chromium exists. Needs root (or sudo) and apt-get.
set -euo pipefail

CHROMIUM="${SPOC_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  echo "setup-browser: $("$CHROMIUM" --version 2>/dev/null | tail -1) at $CHROMIUM"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: $CHROMIUM is missing and apt-get is not available; install Chromium and set SPOC_CHROMIUM" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-browser: need root or sudo to install chromium" >&2; exit 1; }
  SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
echo "setup-browser: installed $("$CHROMIUM" --version 2>/dev/null | tail -1)"

#!/usr/bin/env bash
# Installs what the tests need on a Debian machine: the package with its test extras,
# and, when missing, the system packages for real-client tests (fonts, LibreOffice, poppler, Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then SUDO_CMD=""; else SUDO_CMD="sudo"; fi
need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Serif CJK" || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -q "AR PL UKai" || need+=(fonts-arphic-ukai)
fc-list 2>/dev/null | grep -q "Liberation Serif" || need+=(fonts-liberation)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO_CMD apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO_CMD apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Official font names (仿宋_GB2312, 方正小标宋简体 …) resolve to the free stand-ins above.
if [ -d /etc/fonts/conf.d ] && [ -w /etc/fonts/conf.d ]; then
  cp .ci/fonts.conf /etc/fonts/conf.d/64-jianbao.conf
  fc-cache -f >/dev/null 2>&1 || true
fi

python -m pip install -q -e '.[test]'

# axe-core, the accessibility checker the browser tests inject into each page.
if [ ! -f tests/.axe/node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null 2>&1; then
    $SUDO_CMD apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  npm install --prefix tests/.axe --no-audit --no-fund --silent axe-core@4 >/dev/null
fi

#!/usr/bin/env bash
# Installs what breachletter needs to build, run and test, when it is missing (Debian 12;
# iso-codes holds the country names of foreign addresses); the tests of the installed tree and
# of the Debian package also need git (the sources to copy), groff and man (the manual page),
# dpkg-dev and file (CPack's Depends from dpkg-shlibdeps); the workbench's browser test, chromium
# and chromium-driver (headless, driven through WebDriver); qpdf reads a tagged letter's
# structure tree and catalog back in the tests (tests/e2e/pdf_tags.py).
# fonts-noto-cjk holds the Chinese, Japanese and Korean faces (fonts/packaged.txt pins them);
# gettext's msgfmt checks the catalogs and the .pot of `strings` (e2e 113, 116).
set -euo pipefail
pkgs=(build-essential cmake pkg-config libcairo2-dev libpango1.0-dev libxml2-dev
      libfontconfig-dev libjson-glib-dev libzint-dev libsoup-3.0-dev libcmocka-dev poppler-utils python3
      iso-codes fonts-noto-cjk gettext git groff-base man-db dpkg-dev file qpdf chromium chromium-driver)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

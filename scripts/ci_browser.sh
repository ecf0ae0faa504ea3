#!/usr/bin/env bash
# Install what the browser tests of the review page (tests/test_web_browser.py) need from
# Debian's packages: Chromium (driven by Playwright through executable_path=/usr/bin/chromium;
# Playwright never downloads a browser here) and a CJK font so screenshots show the Chinese
# text. The Python side is the `browser` extra: pip install -e '.[test,browser]'.
set -euo pipefail

PACKAGES=(chromium fonts-wqy-microhei)

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

test -x /usr/bin/chromium
/usr/bin/chromium --version 2>/dev/null || true

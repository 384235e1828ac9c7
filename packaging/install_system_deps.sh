#!/usr/bin/env bash
# Debian libraries the workstation needs: zbar (barcode decoding), Qt's runtime libraries (offscreen and a real
# window), a CJK font for the UI, and poppler for checking PDFs in tests. Installs with apt-get when we are root
# (or have password-less sudo); otherwise prints what to install and carries on.
set -u
packages=(
    libzbar0
    libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
    libpulse0 libxrandr2
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-render0
    libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0
    fonts-wqy-microhei poppler-utils
)
command -v dpkg-query >/dev/null 2>&1 || { echo "not a Debian system: install ${packages[*]} by hand"; exit 0; }
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    echo "please install: sudo apt-get install ${missing[*]}" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

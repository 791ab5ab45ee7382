#!/usr/bin/env bash
# The tests check our reader and writer against independent readers (libpff's pffexport/pffinfo/pypff, libpst's
# readpst) and drive the app in Chromium under Xvfb. Install whatever of those is missing (Debian/Ubuntu), or say
# exactly what to install.
set -euo pipefail
need=()
command -v pffexport >/dev/null || need+=(pff-tools)
command -v readpst >/dev/null || need+=(pst-utils)
/usr/bin/python3 -c 'import pypff' 2>/dev/null || need+=(python3-pypff)
command -v chromium >/dev/null || need+=(chromium)
command -v xvfb-run >/dev/null || need+=(xvfb)
# Fonts for the scripts the generated mailboxes use (CJK, Devanagari, emoji), so screenshots show text, not boxes.
fc-list 2>/dev/null | grep -q NotoSansCJK || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -q NotoSansDevanagari || need+=(fonts-noto-core)
fc-list 2>/dev/null | grep -q NotoColorEmoji || need+=(fonts-noto-color-emoji)
[ ${#need[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing test tools: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "The tests need these Debian packages (or their equivalents): ${need[*]}" >&2
  exit 1
fi

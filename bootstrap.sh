#!/usr/bin/env bash
# Install what a fresh Debian machine lacks to build and test studyguide: WeasyPrint's
# Pango and HarfBuzz libraries, fonts for code, emoji and non-Latin scripts, Java for the
# EPUB validator, Chromium and Node.js for the tests that look at pages in a browser, then
# nox and uv, axe-core (from npm, pinned in package.json) for the quiz page's accessibility
# test, and Ace by DAISY (the EPUB accessibility checker, pinned in tools/package-lock.json).
# Safe to run again: it installs only what is missing.
set -euo pipefail

missing=()
have_library() { ldconfig -p | grep -c "$1" >/dev/null; }
# grep -c reads to the end: with pipefail, grep -q's early exit would fail the pipe (SIGPIPE).
have_font() { command -v fc-list >/dev/null && fc-list | grep -c "$1" >/dev/null; }
have_library 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
have_library 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
have_library 'libharfbuzz-subset.so.0' || missing+=(libharfbuzz-subset0)
have_font 'DejaVu Sans Mono' || missing+=(fontconfig fonts-dejavu-core)
have_font 'Noto Color Emoji' || missing+=(fonts-noto-color-emoji)
have_font 'Noto Sans Thai' || missing+=(fonts-noto-core)
have_font 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v npm >/dev/null || missing+=(nodejs npm)

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "bootstrap: please install these Debian packages first: ${missing[*]}" >&2
    echo "bootstrap:   sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "bootstrap: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check nox==2026.10.20 uv==0.13.8
cd "$(dirname "$0")"
[[ -f node_modules/axe-core/axe.min.js ]] || npm ci --no-audit --no-fund --silent
# Ace's install scripts would download a Chromium of their own; the tests use Debian's.
[[ -x tools/node_modules/.bin/ace-puppeteer ]] ||
  (cd tools && npm ci --ignore-scripts --no-audit --no-fund --silent)

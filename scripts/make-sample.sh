#!/usr/bin/env bash
# npm run sample: regenerates resources/sample.ost, the app's "Try with a sample file": an OST 2013+ (4 KiB pages,
# zlib-compressed blocks) with the Exchange folder tree and 300 items of every kind, from a fixed seed.
# The file is one allocation-map interval of the 4K format (16 MiB, mostly zeros) however few items it holds.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
node bin/ost-rescue.js synth resources/sample.ost --variant ost2013 --client ost --items 300 --seed sample --force

#!/bin/sh
# Opens the `cop-threats report` page of Corpus/ in headless Chromium (Debian's `chromium`) in
# the six languages, fails on any console message of level error, and saves a screenshot of
# each next to the page. Usage: Scripts/check-report-page.sh [BIN] [OUT]
set -eu
BIN=${1:-.build/release/cop-threats}
OUT=${2:-.build/report-check}
command -v chromium >/dev/null || { echo "check-report-page: install Debian's chromium first (apt-get install chromium)." >&2; exit 1; }
rm -rf "$OUT"
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
"$BIN" store ingest Corpus/ --db "$OUT/store.sqlite" 2>/dev/null
status=0
for lang in en fr es ru ar zh; do
  "$BIN" report --db "$OUT/store.sqlite" -o "$OUT/$lang" --lang "$lang" 2>/dev/null
  chromium --headless --no-sandbox --disable-gpu --window-size=1100,1800 --enable-logging=stderr --v=0 \
    --screenshot="$OUT/$lang.png" "file://$OUT/$lang/index.html" > "$OUT/$lang.log" 2>&1 || status=1
  # Page console messages are logged as CONSOLE(line) "message"; errors and failed loads fail the check.
  if grep -E 'CONSOLE|Uncaught|Failed to load|net::ERR' "$OUT/$lang.log"; then
    echo "check-report-page: the $lang page logged the messages above." >&2
    status=1
  fi
  [ -s "$OUT/$lang.png" ] || { echo "check-report-page: no screenshot of the $lang page." >&2; status=1; }
done
[ $status -eq 0 ] && echo "check-report-page: six pages opened without console messages; screenshots in $OUT/"
exit $status

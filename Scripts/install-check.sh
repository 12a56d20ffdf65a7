#!/usr/bin/env bash
# Runs an installed cop-threats (prefix $1) from an empty folder, as an analyst would after
# `make install`: it must find its own taxonomy, classify, and need no Swift toolchain library.
set -euo pipefail
prefix="$1"
tool="$prefix/bin/cop-threats"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ldd "$tool" | grep -E "swift|/opt/" ; then
  echo "install-check: the installed tool links a library of the Swift toolchain (above)" >&2
  exit 1
fi
"$tool" --version
printf '%s\n' '{"id":"r1","text":"Someone threatens to post my daughter'"'"'s nude photos unless she pays him."}' > reports.jsonl
"$tool" classify reports.jsonl -o out.jsonl
grep -q '"node":"sextortion"' out.jsonl || { echo "install-check: the report was not labelled sextortion" >&2; cat out.jsonl >&2; exit 1; }
test -s "$prefix/share/man/man1/cop-threats.1"
test -s "$prefix/share/bash-completion/completions/cop-threats"
echo "install-check: the installed tool runs from an empty folder with its own taxonomy"

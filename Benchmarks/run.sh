#!/usr/bin/env bash
# Benchmark of cop-threats: writes BENCHMARKS.md at the top of the repository.
#
# Usage:
#   swift build -c release --product cop-threats    # first (or: make benchmark, which does both)
#   Benchmarks/run.sh [--repeat N] [--sizes 50,200] [--terms 100,1000,10000] [--workers 1,2]
#                     [--iodef-mb 100] [--output BENCHMARKS.md] [--taxonomy Taxonomy/taxonomy.yaml] [--note TEXT]
#
# Measures `cop-threats classify --no-evidence` end to end on generated JSONL corpora of 50 and
# 200 MB (six languages) with the shipped taxonomy and synthetic taxonomies of 100, 1,000 and
# 10,000 terms, with 1 and 2 workers, against `LC_ALL=C grep -F -i -c -f TERMS` on the same corpus
# and terms; then `taxonomy check` and compiling the 10,000 terms, and the import of a 100 MB IODEF
# feed. Reports MB/s, reports/s, CPU seconds and peak memory (median of --repeat runs), checks the
# project's targets and adds a `perf` profile of each missed one. Inputs are generated once into
# bench-out/ (git-ignored) and reused. Takes about 15 minutes on 2 idle cores; it needs python3
# (stdlib only), grep and, for the profiles, perf (apt-get install -y linux-perf).
#
# Environment: COP_THREATS_BIN overrides the tool (default .build/release/cop-threats).
# Not part of the test suite: figures depend on the machine and on its load.
set -euo pipefail

cd "$(dirname "$0")/.."
bin="${COP_THREATS_BIN:-.build/release/cop-threats}"
for arg in "$@"; do
  case "$arg" in -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac
done
if [[ ! -x "$bin" ]]; then
  echo "Benchmarks/run.sh: the tool is not built ($bin is missing)." >&2
  echo "Build it first: swift build -c release --product cop-threats   (or run: make benchmark)" >&2
  exit 1
fi
if [[ -n "$(find Sources Package.swift -newer "$bin" -type f -print -quit)" ]]; then
  echo "Benchmarks/run.sh: warning: $bin is older than Sources/: rebuild it to measure the current code." >&2
fi
command -v python3 >/dev/null || { echo "Benchmarks/run.sh: python3 is needed to generate inputs and drive the runs." >&2; exit 1; }
export PYTHONDONTWRITEBYTECODE=1
exec python3 Benchmarks/bench.py --bin "$bin" "$@"

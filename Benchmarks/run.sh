#!/usr/bin/env bash
# Benchmark of cop-threats: writes BENCHMARKS.md at the top of the repository.
#
# Usage:
#   swift build -c release --product cop-threats    # first (or: make benchmark, which builds and
#                                                   # measures the tool `make install` installs)
#   Benchmarks/run.sh [--repeat N] [--sizes 50,200] [--terms 100,1000,10000] [--workers 1,2]
#                     [--iodef-mb 100] [--import-pairs 5] [--output BENCHMARKS.md] [--taxonomy Taxonomy/taxonomy.yaml] [--note TEXT]
#
# Measures `cop-threats classify --no-evidence` end to end on generated JSONL corpora of 50 and
# 200 MB (six languages) with the shipped taxonomy, a one-term taxonomy (the pipeline alone) and
# synthetic taxonomies of 100, 1,000 and 10,000 terms, with 1 and 2 workers, and `classify` with
# evidence (shipped, 1 worker); as peers on the same corpus and terms, the C + Hyperscan program
# Benchmarks/hs-count.c and `LC_ALL=C grep -F -i -c -f TERMS` (a floor); then `taxonomy check`,
# the compile of the 10,000 terms (classify of one report, less the one-term taxonomy's), heap
# allocations per report (Benchmarks/count-mallocs.c, LD_PRELOAD) and the import of a 100 MB
# IODEF feed. Reports MB/s, MB per CPU second, reports/s, peak memory and ratios to the peers
# (median of --repeat runs), checks the project's targets and adds a `perf` profile of each missed
# one. Inputs are generated once into bench-out/ (git-ignored) and reused; the C programs are
# built there with cc -O2. Takes a while (the duration is written into BENCHMARKS.md). It needs
# python3 (stdlib only), grep, a C compiler, Hyperscan (apt-get install -y libhyperscan-dev; without
# it the peer is skipped with a note) and, for the profiles, perf (apt-get install -y linux-perf);
# `make benchmark` installs the last two when missing.
#
# Environment: COP_THREATS_BIN overrides the tool (default .build/release/cop-threats; make
# benchmark sets it to the build with the Swift runtime linked in, .build-static/release/cop-threats).
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

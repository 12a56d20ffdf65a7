# Shared by Scripts/compare-*.sh (sourced, not run): compares what two builds wrote for one case.
#
# start_comparison SCRIPT OLD NEW [ARG ...]: prints SCRIPT's usage and exits when OLD or NEW is
# missing; else sets old and new and rest (the other arguments), all paths made absolute, goes
# to the repository's root and makes the scratch folder $work, removed on exit.
start_comparison() {
  if [[ $# -lt 3 ]]; then sed -n '2,/^set -euo/p' "$1" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; fi
  old=$(realpath "$2") new=$(realpath "$3")
  rest=()
  for path in "${@:4}"; do rest+=("$(realpath "$path")"); done
  cd "$(dirname "$1")/.."
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
}
#
# compare_case NAME DETAIL: diffs $work/out/old/NAME with $work/out/new/NAME, prints "same:" with
# DETAIL or "DIFFERS:" with the first differences, and sets differ=1 when they differ.
compare_case() {
  if diff -r "$work/out/old/$1" "$work/out/new/$1" >"$work/diff.txt"; then
    echo "same:    $1 ($2)"
  else
    echo "DIFFERS: $1"
    sed 's/^/    /' "$work/diff.txt" | head -40
    differ=1
  fi
}

# Shared by Scripts/compare-*.sh (sourced, not run): compares what two builds wrote for one case.
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

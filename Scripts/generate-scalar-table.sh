#!/bin/sh
# Regenerates Sources/TextNormalization/ScalarTableData.swift, the normalizer's per-scalar tables
# (class and replacement of every scalar of planes 0 and 1, with and without diacritic folding).
# The tables come from the Unicode data of the toolchain that runs this script (standard library
# properties, Foundation's compatibility decomposition) and from ChineseVariants.swift (see
# generate-chinese-variants.py). Rerun after changing TableBuilder or either source, or after a
# toolchain update that brings a new Unicode version; then run the TextNormalization tests.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
sources="$root/Sources/TextNormalization"
binary=$(mktemp -d)/generate-scalar-table
swiftc -O -o "$binary" \
    "$root"/Scripts/ScalarTableGenerator/*.swift \
    "$sources/CharClass.swift" "$sources/ChineseVariants.swift" "$sources/ScriptKind.swift"
"$binary" "$sources/ScalarTableData.swift"

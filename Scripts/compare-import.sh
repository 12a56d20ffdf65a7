#!/usr/bin/env bash
# Runs `import` with two builds of cop-threats on the same feeds and compares, byte for byte,
# what each writes: the report JSONL (-o), the rejects (--rejects, with any files beside it),
# the messages on stderr and the exit status.
#
# Usage: Scripts/compare-import.sh OLD_BINARY NEW_BINARY [FEED.xml ...]
#
# Feeds: every XML fixture under Tests/ (the mapped partner feed with its mapping, every feed
# also as IODEF), the shipped mapping examples, the IODEF fixtures twice in one run (duplicates), and the FEED.xml arguments (such as the
# benchmark feed: python3 Benchmarks/gen-iodef.py 100 FEED.xml). Each FEED.xml argument is also
# run cut short in the middle of a record (truncated) and with a stray `<` before an end tag half-way (malformed).
# Prints one line per case and the differences; exit status 1 when any output differs.
set -euo pipefail

# shellcheck source=Scripts/compare-common.sh
source "$(dirname "$0")/compare-common.sh"
start_comparison "$0" "$@"

cases=()  # "name|feeds|mapping"
for feed in $(find Tests -name '*.xml' | sort); do
  cases+=("$(basename "$feed" .xml)|$PWD/$feed|")
  mapping="${feed%.xml}.yaml"
  [[ -f "$mapping" ]] && cases+=("$(basename "$feed" .xml)-mapped|$PWD/$feed|$PWD/$mapping")
done
for mapping in Mappings/*.yaml; do
  example="Mappings/examples/$(basename "$mapping" .yaml).xml"
  [[ -f "$example" ]] && cases+=("example-$(basename "$mapping" .yaml)|$PWD/$example|$PWD/$mapping")
done
# All IODEF fixtures in one run, twice: the duplicates across feeds.
iodef=$(find Tests -name 'iodef*.xml' | sort | sed "s|^|$PWD/|" | tr '\n' ' ')
cases+=("all-iodef-twice|$iodef $iodef|")
for feed in "${rest[@]}"; do
  feed=$(realpath "$feed")
  name=$(basename "$feed" .xml)
  size=$(stat -c %s "$feed")
  head -c $((size * 2 / 3)) "$feed" >"$work/$name-truncated.xml"
  # The stray `<` goes before the first end tag past half-way ("<</x>" is never well-formed; a
  # byte at exactly half-way may fall inside CDATA, where `<` is text).
  cut=$(set +o pipefail; grep -obF '</' "$feed" | awk -F: -v half=$((size / 2)) '$1 >= half { print $1; exit }')
  { head -c "$cut" "$feed"; printf '<'; tail -c +$((cut + 1)) "$feed"; } >"$work/$name-malformed.xml"
  cases+=("$name|$feed|" "$name-truncated|$work/$name-truncated.xml|" "$name-malformed|$work/$name-malformed.xml|")
done

differ=0
for entry in "${cases[@]}"; do
  IFS='|' read -r name feeds mapping <<<"$entry"
  for side in old new; do
    binary=${!side}
    dir="$work/out/$side/$name"
    mkdir -p "$dir"
    status=0
    (cd "$dir" && "$binary" import $feeds ${mapping:+--mapping "$mapping"} -o reports.jsonl --rejects rejects.xml 2>stderr.txt) || status=$?
    echo "$status" >"$dir/status"
  done
  compare_case "$name" "$(wc -l <"$work/out/new/$name/reports.jsonl") reports, exit $(cat "$work/out/new/$name/status")"
done
exit $differ

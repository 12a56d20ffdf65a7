#!/usr/bin/env bash
# Runs two builds of cop-threats on the same batches and compares, byte for byte, what each
# writes: classify's output with and without evidence, its JSON summary, the messages on stderr
# and the exit status; evaluate's report (Corpus/, and the eval sets when present); explain of a few texts. Use it before and after a
# change meant to keep behaviour (a refactoring, a faster engine).
#
# Usage: Scripts/compare-classify.sh OLD_BINARY NEW_BINARY [BATCH ...]
#
# Batches: Corpus/, ../shared/eval/dev.jsonl and incidents-dev.jsonl when present, and each
# BATCH argument (such as the benchmark corpus, bench-out/corpus-50mb.jsonl). Both builds use the
# taxonomy of this checkout, with the cache of compiled rules off (each compiles for itself).
# Prints one line per case and the differences; exit status 1 when any output differs.
set -euo pipefail

# shellcheck source=Scripts/compare-common.sh
source "$(dirname "$0")/compare-common.sh"
start_comparison "$0" "$@"
taxonomy=$PWD/Taxonomy/taxonomy.yaml
export COP_THREATS_CACHE=off

batches=("$PWD/Corpus")
for eval in ../shared/eval/dev.jsonl ../shared/eval/incidents-dev.jsonl; do [[ -f "$eval" ]] && batches+=("$(realpath "$eval")"); done
for batch in "${rest[@]}"; do batches+=("$(realpath "$batch")"); done

cases=()  # "name|command words" (the command runs in its output folder)
for batch in "${batches[@]}"; do
  name=$(basename "$batch")
  cases+=("$name-counting|classify $batch --taxonomy $taxonomy --no-evidence -o out.jsonl --summary summary.json")
  cases+=("$name-evidence|classify $batch --taxonomy $taxonomy -o out.jsonl")
done
cases+=("corpus-evaluate|evaluate --taxonomy $taxonomy --gold $PWD/Corpus --codes node --by lang")
for eval in ../shared/eval/dev.jsonl ../shared/eval/incidents-dev.jsonl; do
  [[ -f "$eval" ]] && cases+=("$(basename "$eval")-evaluate|evaluate --taxonomy $taxonomy --gold $(realpath "$eval") --codes eval --by source,lang --format json")
done
texts=("He asked my son to send photos and not to tell us" "Un homme offre des robux à ma fille contre des photos"
  "Le han robado el móvil con las fotos de los alumnos" "Ему пишут угрозы в школьном чате" "有人在游戏里让我女儿发裸照")
for t in "${!texts[@]}"; do cases+=("explain-$t|explain --taxonomy $taxonomy --all ${texts[$t]}"); done

differ=0
for entry in "${cases[@]}"; do
  IFS='|' read -r name command <<<"$entry"
  for side in old new; do
    binary=${!side}
    dir="$work/out/$side/$name"
    mkdir -p "$dir"
    status=0
    if [[ $name == explain-* ]]; then
      text=${command#*--all }
      (cd "$dir" && "$binary" explain --taxonomy "$taxonomy" --all "$text" >stdout.txt 2>stderr.txt) || status=$?
    else
      # shellcheck disable=SC2086  # the command words are split on purpose
      (cd "$dir" && "$binary" $command >stdout.txt 2>stderr.txt) || status=$?
    fi
    echo "$status" >"$dir/status"
  done
  compare_case "$name" "exit $(cat "$work/out/new/$name/status")"
done
exit $differ

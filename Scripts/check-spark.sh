#!/usr/bin/env bash
# Runs the README's two recipes for classifying past one machine and checks that each merged
# summary is byte for byte the summary of the whole batch:
#   1. Spark (pyspark in local mode, 4 partitions): each partition is piped through
#      `classify - --summary - --summary-line`, so its counts come back as one line of the RDD;
#      the lines are merged with `merge -`.
#   2. `split` and `xargs -P 4`: shards without an extension (read as JSON Lines because they
#      start with `{`), each with its own `--summary SHARD.json`, then `merge`.
# The batch is Corpus/ repeated under new ids (3,530 reports). Installs pyspark with pip when it
# is missing (Spark needs Java 17 or later).
#
# Usage: Scripts/check-spark.sh [BINARY]   (default: the debug build, .build/debug/cop-threats)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/debug/cop-threats}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -c 'import pyspark' 2>/dev/null || python3 -m pip install --quiet pyspark

counts=(--no-evidence -o /dev/null --by lang,country+month --codes dsa --taxonomy "$PWD/Taxonomy/taxonomy.yaml")
python3 - "$work/batch.jsonl" <<'EOF'
import glob, json, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for copy in range(10):
        for path in sorted(glob.glob("Corpus/*.jsonl")):
            for line in open(path, encoding="utf-8"):
                record = json.loads(line)
                record["id"] = f"{record['id']}-copy{copy}"
                # Another year per copy, so that no two shards have the same counts (merge
                # would refuse the second as a copy of the first).
                if record.get("date"):
                    record["date"] = str(2015 + copy) + record["date"][4:]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
EOF
"$bin" classify "$work/batch.jsonl" "${counts[@]}" --summary "$work/whole.json"

python3 - "$bin" "$work/batch.jsonl" "$work/spark-lines.jsonl" "${counts[@]}" <<'EOF'
import shlex, sys
from pyspark.sql import SparkSession
binary, batch, lines, options = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
spark = (SparkSession.builder.master("local[4]").appName("cop-threats-check")
         .config("spark.ui.showConsoleProgress", "false").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
reports = spark.sparkContext.textFile(batch).repartition(4)
assert reports.getNumPartitions() == 4
command = shlex.join([binary, "classify", "-", *options, "--summary", "-", "--summary-line"])
with open(lines, "w", encoding="utf-8") as out:
    out.writelines(line + "\n" for line in reports.pipe(command).collect())
spark.stop()
EOF
[[ $(wc -l <"$work/spark-lines.jsonl") -eq 4 ]] || { echo "check-spark: expected 4 shard summaries from Spark"; exit 1; }
"$bin" merge - -o "$work/spark.json" <"$work/spark-lines.jsonl"
cmp "$work/whole.json" "$work/spark.json" || { echo "check-spark: Spark's merged summary differs from the whole batch's"; exit 1; }

mkdir "$work/shards" && (cd "$work/shards" && split -n l/4 ../batch.jsonl shard-)
ls "$work"/shards/shard-* | xargs -P 4 -I{} "$bin" classify {} "${counts[@]}" --summary {}.json
"$bin" merge "$work"/shards/shard-*.json -o "$work/split.json"
cmp "$work/whole.json" "$work/split.json" || { echo "check-spark: the split shards' merged summary differs from the whole batch's"; exit 1; }

reports=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["classified"])' "$work/whole.json")
echo "check-spark: $reports reports; the merged summaries of 4 Spark partitions and of 4 split shards equal the whole batch's."

#!/usr/bin/env python3
"""The benchmark driver; run it through Benchmarks/run.sh (which checks the tool is built).

Generates the inputs into bench-out/ (once), measures `cop-threats classify --no-evidence` with
the shipped taxonomy, a one-term taxonomy (the pipeline alone) and the synthetic ones, 1 and 2
workers, `classify` with evidence (shipped, 1 worker), and as peers on the same corpus and terms
the Hyperscan program `hs-count` and `grep -F -i -c` (a floor); then `taxonomy check`, classify of
one report (the compile), an IODEF import (libxml2's bare reader on the same feed as the
reference) and the heap allocations per report (`count-mallocs.so`); checks the targets, profiles
what missed, and writes BENCHMARKS.md. Runs of one repetition are interleaved (every
configuration once, then again) so a change of load on a shared machine spreads over all; the
import and the bare reader run in adjacent pairs (--import-pairs per repetition), and the import's
ratio is the median of the pairs' ratios.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inputs  # noqa: E402
import report  # noqa: E402
import targets  # noqa: E402
from measure import Allocations, Summary, allocations, checked  # noqa: E402


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.environ.get("COP_THREATS_BIN", ".build/release/cop-threats"))
    parser.add_argument("--taxonomy", default=inputs.SHIPPED, help="the shipped taxonomy to measure")
    parser.add_argument("--sizes", default="50,200", help="corpus sizes in MB (10^6 bytes), comma-separated")
    parser.add_argument("--terms", default="100,1000,10000", help="synthetic term-set sizes, comma-separated")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--iodef-mb", type=int, default=100, help="size of the IODEF feed to import")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each configuration; the median is reported")
    parser.add_argument("--import-pairs", type=int, default=5,
                        help="adjacent runs of the import and libxml2's bare reader per repetition (their ratio is the pairs' median)")
    parser.add_argument("--output", default="BENCHMARKS.md")
    parser.add_argument("--note", default="", help="a remark to print with the machine and run details")
    return parser.parse_args()


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def classify(binary: str, taxonomy: str, path: str, workers: int, evidence: bool = False) -> list[str]:
    return [binary, "classify", "--taxonomy", taxonomy, *([] if evidence else ["--no-evidence"]),
            "--workers", str(workers), "-o", "/dev/null", path]


def term_sets(binary: str, args: argparse.Namespace) -> list[inputs.TermSet]:
    """The shipped taxonomy, the one-term taxonomy (the pipeline alone), then the synthetic ones."""
    synthetic = [n for n in numbers(args.terms) if n != inputs.PIPELINE_TERMS]
    return [inputs.term_set(binary, "shipped", os.path.abspath(args.taxonomy), "shipped"),
            inputs.term_set(binary, str(inputs.PIPELINE_TERMS), inputs.synthetic_taxonomy(inputs.PIPELINE_TERMS), "pipeline"),
            *[inputs.term_set(binary, f"{n}", inputs.synthetic_taxonomy(n)) for n in synthetic]]


def count_allocations(binary: str, shipped: inputs.TermSet, one: str, corpus: inputs.Corpus) -> dict[str, Allocations]:
    """Allocations per report of classify with the shipped taxonomy, 1 worker, without and with
    evidence: each run once on the 1-report input and once on the corpus it was taken from."""
    preload = inputs.count_mallocs()
    if not preload:
        return {}
    counts = os.path.join(inputs.OUT, "mallocs.txt")
    found = {}
    for label, evidence in (("--no-evidence", False), ("with evidence", True)):
        print(f"benchmark: counting allocations of classify {label}", file=sys.stderr)
        found[label] = Allocations(
            allocations(classify(binary, shipped.taxonomy, one, 1, evidence), preload, counts, CACHE),
            allocations(classify(binary, shipped.taxonomy, corpus.path, 1, evidence), preload, counts, CACHE), corpus.reports)
    return found


# classify keeps compiled rules in a cache folder; the benchmark gives it one of its own, warmed
# before measuring (the steady state of repeated runs), and measures the compile with it off.
CACHE = {"COP_THREATS_CACHE": os.path.join(inputs.OUT, "rules-cache")}
NO_CACHE = {"COP_THREATS_CACHE": "off"}


def warm_cache(binary: str, sets: list[inputs.TermSet], one: str) -> None:
    """Empties the benchmark's cache folder, then compiles each term set into it once."""
    folder = CACHE["COP_THREATS_CACHE"]
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    for term_set in sets:
        checked(classify(binary, term_set.taxonomy, one, 1), (0,), CACHE)


def store_ingest(binary: str, shipped: inputs.TermSet, corpus: inputs.Corpus) -> list[str]:
    """`store ingest` of the corpus into a new store (the old one removed first, so every run
    stores every report; `rm` costs next to nothing of the measured time)."""
    db = os.path.join(inputs.OUT, "ingest.sqlite")
    command = f'rm -f "{db}" "{db}-wal" "{db}-shm" && exec "$0" store ingest --taxonomy "$1" --workers 1 --db "{db}" "$2"'
    return ["sh", "-c", command, binary, shipped.taxonomy, corpus.path]


def grep(term_set: inputs.TermSet, path: str) -> list[str]:
    return ["grep", "-F", "-i", "-c", "-f", term_set.terms_file, path]


def hs_count(program: str, term_set: inputs.TermSet, path: str) -> list[str]:
    return [program, term_set.terms_file, path]


def main() -> None:
    args = arguments()
    if 1 not in numbers(args.workers):
        raise SystemExit("benchmark: --workers must include 1 (the single-core targets and the grep ratio use it)")
    binary = os.path.abspath(args.bin)
    os.chdir(inputs.ROOT)
    os.makedirs(inputs.OUT, exist_ok=True)
    started = time.time()
    context = report.machine_context(binary, " ".join(sys.argv[1:]))

    corpora = {size: inputs.corpus(size) for size in numbers(args.sizes)}
    sets = term_sets(binary, args)
    shipped = sets[0]
    feed = inputs.feed(args.iodef_mb)
    one = inputs.one_report(corpora[min(corpora)])
    hyperscan = inputs.hs_count()
    real = inputs.real_texts()
    for corpus in [*corpora.values(), *([real] if real else [])]:  # read once: every run finds it in the page cache
        with open(corpus.path, "rb") as file:
            while file.read(1 << 24):
                pass

    plan: dict[tuple, tuple[list[str], tuple[int, ...], dict[str, str] | None, int, int]] = {}
    for term_set in sets:
        for size, corpus in corpora.items():
            for workers in numbers(args.workers):
                plan[("classify", term_set.name, size, workers)] = (
                    classify(binary, term_set.taxonomy, corpus.path, workers), (0,), CACHE, corpus.size, corpus.reports)
            if term_set.role == "shipped":
                plan[("evidence", term_set.name, size, 1)] = (
                    classify(binary, term_set.taxonomy, corpus.path, 1, True), (0,), CACHE, corpus.size, corpus.reports)
            if term_set.role == "pipeline":
                continue  # a peer matching one term measures nothing of interest
            plan[("grep", term_set.name, size)] = (grep(term_set, corpus.path), (0, 1), {"LC_ALL": "C"}, corpus.size, corpus.reports)
            if hyperscan:  # status 1 (the terms did not compile) or killed (memory): reported as such
                plan[("hyperscan", term_set.name, size)] = (
                    hs_count(hyperscan, term_set, corpus.path), (0, 1, -9), None, corpus.size, corpus.reports)
    if real:  # the genre's own words, against the generated corpus's repeated vocabulary
        plan[("real", shipped.name)] = (classify(binary, shipped.taxonomy, real.path, 1), (0,), CACHE, real.size, real.reports)
    largest_corpus = corpora[max(corpora)]
    if 2 in numbers(args.workers):  # the ceiling of two workers on this machine: two 1-worker runs side by side
        plan[("together", shipped.name, max(corpora), 2)] = (
            classify(binary, shipped.taxonomy, largest_corpus.path, 1), (0,), CACHE, 2 * largest_corpus.size, 2 * largest_corpus.reports)
    largest = sets[-1]
    plan[("check", largest.name)] = ([binary, "taxonomy", "check", "--taxonomy", largest.taxonomy], (0,), None, 0, 0)
    for term_set in [sets[1], largest, shipped]:  # the pipeline's first: a compile is the others' excess over it
        plan[("compile", term_set.name)] = (classify(binary, term_set.taxonomy, one, 1), (0,), NO_CACHE, 0, 1)
        plan[("start", term_set.name)] = (classify(binary, term_set.taxonomy, one, 1), (0,), CACHE, 0, 1)
    plan[("import",)] = ([binary, "import", feed, "-o", "/dev/null"], (0,), None, os.path.getsize(feed), 0)
    plan[("ingest",)] = (store_ingest(binary, shipped, largest_corpus), (0,), CACHE, largest_corpus.size, largest_corpus.reports)
    baseline = inputs.xml_reader_baseline()
    if baseline:
        plan[("xml-reader",)] = ([baseline, feed], (0,), None, os.path.getsize(feed), 0)

    warm_cache(binary, sets, one)
    results = {key: Summary([], size, reports) for key, (_, _, _, size, reports) in plan.items()}
    # The import and its reference run in adjacent pairs: the import's ratio is the median of the pairs'.
    paired = [("xml-reader",), ("import",)] if baseline else []
    for repetition in range(args.repeat):
        print(f"benchmark: repetition {repetition + 1} of {args.repeat} ({len(plan)} runs)", file=sys.stderr)
        for key, (command, ok, env, _, _) in plan.items():
            if key not in paired:
                results[key].runs.append(checked(command, ok, env, 2 if key[0] == "together" else 1))
        for _ in range(args.import_pairs if paired else 0):
            for key in paired:
                command, ok, env, _, _ = plan[key]
                results[key].runs.append(checked(command, ok, env))
    allocated = count_allocations(binary, shipped, one, corpora[min(corpora)])

    verdicts = targets.evaluate(results, sets, corpora, numbers(args.workers), hyperscan is not None)
    profiles = targets.profiles(verdicts, plan)
    context["load_end"] = report.load_average()
    context["minutes"] = (time.time() - started) / 60
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(report.render(context, results, sets, corpora, feed, args, verdicts, profiles, allocated))
    print(f"benchmark: wrote {args.output} in {context['minutes']:.1f} min", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The benchmark driver; run it through Benchmarks/run.sh (which checks the tool is built).

Generates the inputs into bench-out/ (once), measures `cop-threats classify --no-evidence` with
the shipped and the synthetic taxonomies, 1 and 2 workers, against `grep -F -i -c` on the same
corpus and terms, then `taxonomy check`, compiling 10,000 terms and an IODEF import (with all
workers, with one, and libxml2's bare reader on the same feed as the reference), checks the
targets, profiles what missed, and writes BENCHMARKS.md. Runs of one repetition are interleaved
(every configuration once, then again) so a change of load on a shared machine spreads over all.
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import inputs  # noqa: E402
import report  # noqa: E402
import targets  # noqa: E402
from measure import Summary, checked  # noqa: E402


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", default=os.environ.get("COP_THREATS_BIN", ".build/release/cop-threats"))
    parser.add_argument("--taxonomy", default=inputs.SHIPPED, help="the shipped taxonomy to measure")
    parser.add_argument("--sizes", default="50,200", help="corpus sizes in MB (10^6 bytes), comma-separated")
    parser.add_argument("--terms", default="100,1000,10000", help="synthetic term-set sizes, comma-separated")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--iodef-mb", type=int, default=100, help="size of the IODEF feed to import")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each configuration; the median is reported")
    parser.add_argument("--output", default="BENCHMARKS.md")
    parser.add_argument("--note", default="", help="a remark to print with the machine and run details")
    return parser.parse_args()


def numbers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def classify(binary: str, taxonomy: str, path: str, workers: int) -> list[str]:
    return [binary, "classify", "--taxonomy", taxonomy, "--no-evidence", "--workers", str(workers), "-o", "/dev/null", path]


def grep(term_set: inputs.TermSet, path: str) -> list[str]:
    return ["grep", "-F", "-i", "-c", "-f", term_set.terms_file, path]


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
    term_sets = [inputs.term_set(binary, "shipped", os.path.abspath(args.taxonomy))] + [
        inputs.term_set(binary, f"{n}", inputs.synthetic_taxonomy(n)) for n in numbers(args.terms)]
    feed = inputs.feed(args.iodef_mb)
    one = inputs.one_report(corpora[min(corpora)])
    for corpus in corpora.values():  # read once so that every measured run finds it in the page cache
        with open(corpus.path, "rb") as file:
            while file.read(1 << 24):
                pass

    plan: dict[tuple, tuple[list[str], tuple[int, ...], dict[str, str] | None, int, int]] = {}
    for term_set in term_sets:
        for size, corpus in corpora.items():
            for workers in numbers(args.workers):
                plan[("classify", term_set.name, size, workers)] = (
                    classify(binary, term_set.taxonomy, corpus.path, workers), (0,), None, corpus.size, corpus.reports)
            plan[("grep", term_set.name, size)] = (grep(term_set, corpus.path), (0, 1), {"LC_ALL": "C"}, corpus.size, corpus.reports)
    largest = term_sets[-1]
    plan[("check", largest.name)] = ([binary, "taxonomy", "check", "--taxonomy", largest.taxonomy], (0,), None, 0, 0)
    plan[("compile", largest.name)] = (classify(binary, largest.taxonomy, one, 1), (0,), None, 0, 1)
    plan[("import",)] = ([binary, "import", feed, "-o", "/dev/null"], (0,), None, os.path.getsize(feed), 0)
    baseline = inputs.xml_reader_baseline()
    if baseline:
        plan[("xml-reader",)] = ([baseline, feed], (0,), None, os.path.getsize(feed), 0)

    results = {key: Summary([], size, reports) for key, (_, _, _, size, reports) in plan.items()}
    for repetition in range(args.repeat):
        print(f"benchmark: repetition {repetition + 1} of {args.repeat} ({len(plan)} runs)", file=sys.stderr)
        for key, (command, ok, env, _, _) in plan.items():
            results[key].runs.append(checked(command, ok, env))

    verdicts = targets.evaluate(results, term_sets, corpora, numbers(args.workers))
    profiles = targets.profiles(verdicts, plan)
    context["load_end"] = report.load_average()
    context["minutes"] = (time.time() - started) / 60
    with open(args.output, "w", encoding="utf-8") as out:
        out.write(report.render(context, results, term_sets, corpora, feed, args, verdicts, profiles))
    print(f"benchmark: wrote {args.output} in {context['minutes']:.1f} min", file=sys.stderr)


if __name__ == "__main__":
    main()

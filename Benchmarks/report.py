"""BENCHMARKS.md: the machine, the method, the inputs, the measured tables, the targets and the profiles."""
import datetime
import os
import platform
import re
import subprocess

from inputs import REAL_TEXTS, ROOT, Corpus, TermSet
from measure import Allocations
from targets import compile_cost, failed, hs_compile_cpu, peer_ratio


def load_average() -> str:
    with open("/proc/loadavg") as file:
        return " ".join(file.read().split()[:3])


def _cpu_model() -> str:
    with open("/proc/cpuinfo") as file:
        for line in file:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def _memory() -> str:
    with open("/proc/meminfo") as file:
        kib = int(next(line for line in file if line.startswith("MemTotal")).split()[1])
    return f"{kib / 2**20:.1f} GiB"


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, cwd=ROOT).stdout.strip()
    except OSError:
        return "unknown"


def machine_context(binary: str, arguments: str) -> dict:
    changed = _output(["git", "status", "--porcelain", "--", "Sources", "Taxonomy", "Package.swift"])
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _output(["git", "rev-parse", "--short", "HEAD"]) + (" (with uncommitted changes in Sources/ or Taxonomy/)" if changed else ""),
        "command": ("Benchmarks/run.sh " + arguments).strip(),
        "binary": os.path.relpath(binary, ROOT),
        # `make install`'s build links the Swift runtime in; `make build`'s calls the toolchain's.
        "runtime": "the toolchain's shared libraries" if "libswiftCore" in _output(["ldd", binary]) else "linked in (as `make install` builds it)",
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory": _memory(),
        "kernel": platform.release(),
        "grep": _output(["grep", "--version"]).splitlines()[0] if _output(["grep", "--version"]) else "unknown",
        "hyperscan": _output(["dpkg-query", "-W", "-f=${Version}", "libhyperscan-dev"]) or "not installed",
        "load_start": load_average(),
    }


def _row(cells: list) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list]) -> list[str]:
    align = ["---" if i == 0 else "--:" for i in range(len(header))]
    return [_row(header), _row(align), *map(_row, rows)]


def _label(kind: str, name: str, term_sets: list[TermSet]) -> str:
    """The terms column: the term set's name, what the one-term set stands for, and evidence runs."""
    role = next((t.role for t in term_sets if t.name == name), "")
    return name + (" (pipeline alone)" if role == "pipeline" else "") + (", with evidence" if kind == "evidence" else "")


def _terms(count: int) -> str:
    return f"{count:,} term" + ("" if count == 1 else "s")


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}×"


def _classify_table(results: dict, term_sets: list[TermSet]) -> list[str]:
    rows = []
    for key, summary in results.items():
        if key[0] not in ("classify", "evidence"):
            continue
        kind, name, size, workers = key
        one = results[(kind, name, size, 1)]
        peers = workers == 1 and kind == "classify"
        rows.append([_label(kind, name, term_sets), size, workers, f"{summary.wall:.2f}", f"{summary.mb_per_s:.1f}",
                     f"{summary.reports_per_s:,.0f}", f"{summary.cpu:.2f}", f"{summary.mb_per_cpu_s:.1f}", f"{summary.peak_mib:.1f}",
                     _ratio(peer_ratio(results, "hyperscan", name, size)) if peers else "",
                     _ratio(peer_ratio(results, "grep", name, size)) if peers else "",
                     f"{one.wall / summary.wall:.2f}×" if workers > 1 else ""])
    return _table(["terms", "MB", "workers", "wall s", "MB/s", "reports/s", "CPU s", "MB per CPU s", "peak MiB",
                   "CPU ÷ Hyperscan", "CPU ÷ grep", "wall speed-up over 1 worker"], rows)


def _real_texts(results: dict, corpora: dict[int, Corpus]) -> list[str]:
    """The shipped taxonomy on real texts, beside the generated corpus (absent without ../shared/eval)."""
    found = [(key, summary) for key, summary in results.items() if key[0] == "real"]
    if not found:
        return []
    (_, name), real = found[0]
    small = min(corpora)
    generated = results[("classify", name, small, 1)]
    return [
        "## classify on real texts",
        "",
        f"`{os.path.relpath(REAL_TEXTS, ROOT)}` ({real.size / 1e6:.1f} MB, {real.reports:,} labelled posts, messages and breach",
        "narratives, mostly English; read where it is, never copied into the project), shipped taxonomy, 1 worker,",
        "`--no-evidence`. The generated corpus repeats a limited vocabulary, so a change can gain there and not here (a",
        "cache of the words already read gained 5 % there and lost 7-10 % here); time a change on both.",
        "",
        *_table(["input", "MB", "wall s", "CPU s", "MB per CPU s", "peak MiB"], [
            ["real texts", f"{real.size / 1e6:.1f}", f"{real.wall:.2f}", f"{real.cpu:.2f}", f"{real.mb_per_cpu_s:.1f}", f"{real.peak_mib:.1f}"],
            [f"generated corpus ({small} MB)", small, f"{generated.wall:.2f}", f"{generated.cpu:.2f}", f"{generated.mb_per_cpu_s:.1f}",
             f"{generated.peak_mib:.1f}"],
        ]),
        "",
    ]


def _grep_table(results: dict) -> list[str]:
    rows = []
    for key, summary in results.items():
        if key[0] == "grep":
            _, name, size = key
            rows.append([name, size, f"{summary.wall:.2f}", f"{summary.mb_per_s:.1f}", f"{summary.cpu:.2f}",
                         f"{summary.mb_per_cpu_s:.1f}", f"{summary.peak_mib:.1f}", summary.last.stdout.strip()])
    return _table(["terms", "MB", "wall s", "MB/s", "CPU s", "MB per CPU s", "peak MiB", "matching lines"], rows)


def _hyperscan_table(results: dict) -> list[str]:
    rows = []
    for key, summary in results.items():
        if key[0] != "hyperscan":
            continue
        _, name, size = key
        if failed(summary):
            rows.append([name, size, f"{summary.wall:.2f}", "", f"{summary.cpu:.2f}", "", "", f"{summary.peak_mib:.1f}",
                         f"failed (exit status {summary.last.status})", "", "", ""])
            continue
        found = re.search(r"(\d+) terms compiled, (\d+) skipped, (\d+) database\(s\).*?(\d+) with a match", summary.last.stderr)
        compiled = hs_compile_cpu(summary)
        counts = [f"{int(found.group(4)):,}", f"{int(found.group(2)):,}", found.group(3)] if found else ["", "", ""]
        rows.append([name, size, f"{summary.wall:.2f}", f"{summary.mb_per_s:.1f}", f"{summary.cpu:.2f}",
                     "" if compiled is None else f"{compiled:.2f}", f"{summary.mb_per_cpu_s:.1f}", f"{summary.peak_mib:.1f}",
                     f"{int(summary.last.stdout.strip() or 0):,}", *counts])
    return _table(["terms", "MB", "wall s", "MB/s", "CPU s", "of which compile", "MB per CPU s", "peak MiB",
                   "term matches", "records with a match", "terms skipped", "databases"], rows)


def _hyperscan_notes(results: dict) -> list[str]:
    """What hs-count said besides its summary line: terms it skipped, chunks it fell back to, failures."""
    notes = []
    for key, summary in results.items():
        if key[0] == "hyperscan":
            said = [line for line in summary.last.stderr.strip().splitlines() if line and " terms compiled, " not in line]
            notes += [f"- {key[1]} terms, {key[2]} MB: {line}" for line in said[:10]]
            if len(said) > 10:
                notes.append(f"- {key[1]} terms, {key[2]} MB: ({len(said) - 10} more lines)")
    return notes


def _labelled(results: dict, term_sets: list[TermSet], size: int) -> list[str]:
    lines = []
    runs = [(("classify", t.name, size, 1), t.name) for t in term_sets] + [
        (key, f"{key[1]}, with evidence") for key in results if key[0] == "evidence" and key[2] == size]
    for key, name in runs:
        stderr = results[key].last.stderr.strip().splitlines()
        lines.append(f"- {name}: {stderr[-1] if stderr else '(no summary line)'}")
    return lines


def _run_name(key: tuple) -> str:
    if key[0] in ("classify", "evidence"):
        return f"classify{', with evidence' if key[0] == 'evidence' else ''}, {key[1]} terms, {key[2]} MB, {key[3]} worker(s)"
    if key[0] == "compile":
        return f"classify of one report with {key[1]} terms"
    return "import of the IODEF feed"


def _import_rows(results: dict) -> list[list[str]]:
    """The import runs, each with its time over the bare reader's (when that was measured)."""
    reference = results.get(("xml-reader",))
    runs = [(("import",), "`import` (one pass)")]
    ingest = results.get(("ingest",))
    if reference:
        runs.append((("xml-reader",), "reference: libxml2 reader alone, one thread"))
    rows = []
    for key, name in runs:
        run = results[key]
        ratio = f" ({run.paired_ratio(reference):.2f}× the reference's time, run by run)" if reference and key != ("xml-reader",) else ""
        rows.append([f"{name} on the {run.size / 1e6:.0f} MB IODEF feed{ratio}", f"{run.wall:.2f}", f"{run.cpu:.2f}",
                     f"{run.mb_per_s:.1f}", f"{run.peak_mib:.1f}"])
    if ingest:
        rows.append([f"`store ingest` of the {ingest.size / 1e6:.0f} MB corpus ({ingest.reports:,} reports, "
                     f"{ingest.reports / ingest.wall:,.0f} reports/s) into a new store, 1 worker", f"{ingest.wall:.2f}",
                     f"{ingest.cpu:.2f}", f"{ingest.mb_per_s:.1f}", f"{ingest.peak_mib:.1f}"])
    return rows


def _compile_rows(results: dict, term_sets: list[TermSet]) -> list[list[str]]:
    """`taxonomy check`, classify of one report with each compiled term set, and the compile derived from them."""
    rows = []
    for t in term_sets:
        check = results.get(("check", t.name))
        if check:
            rows.append([f"`taxonomy check` of {t.terms:,} terms", f"{check.wall:.2f}", f"{check.cpu:.2f}", "", f"{check.peak_mib:.1f}"])
    pipeline = next(t for t in term_sets if t.role == "pipeline")
    for t in term_sets:
        run = results.get(("compile", t.name))
        if run:
            rows.append([f"`classify` of one report with {_label('classify', t.name, term_sets)} ({_terms(t.terms)}), cache off",
                         f"{run.wall:.2f}", f"{run.cpu:.2f}", "", f"{run.peak_mib:.1f}"])
        start = results.get(("start", t.name))
        if start:
            rows.append([f"the same, compiled rules read from the cache", f"{start.wall:.2f}", f"{start.cpu:.2f}", "",
                         f"{start.peak_mib:.1f}"])
    for t in term_sets:
        if t is not pipeline and ("compile", t.name) in results:
            cpu, wall = compile_cost(results, pipeline, t)
            rows.append([f"compile of {_terms(t.terms)} ({t.name}): its row above less the one-term taxonomy's",
                         f"{wall:.2f}", f"{cpu:.2f}", "", ""])
    return rows


def _allocation_table(allocated: dict[str, Allocations]) -> list[str]:
    rows = [[f"`classify {label}`, shipped taxonomy, 1 worker", f"{a.one:,}", f"{a.many:,}", f"{a.reports:,}", f"{a.per_report:,.1f}"]
            for label, a in allocated.items()]
    return _table(["run", "allocations, 1 report", "allocations, N reports", "N", "per report"], rows)


def _method(args, term_sets: list[TermSet], corpora: dict[int, Corpus]) -> list[str]:
    pipeline = next(t for t in term_sets if t.role == "pipeline")
    synthetic = [t for t in term_sets if t.role == "synthetic"]
    most = f"{synthetic[-1].terms:,}" if synthetic else "N"
    return [
        f"- Every figure is the median of {args.repeat} runs; runs are interleaved (each configuration once, then",
        "  again), so changes of load spread over all of them. Inputs are read once before measuring (page cache).",
        "- MB = 10^6 bytes of input. MB/s = input size ÷ wall-clock time of the whole process (start, taxonomy",
        "  load and compile, reading, classifying, writing). CPU s = user + system time; \"MB per CPU s\" = input",
        "  size ÷ CPU s, the figure the classify targets are stated in (the machine is shared).",
        "- Peak MiB = the maximum resident set size of the process from `wait4(2)` (the figure `/usr/bin/time -v`",
        "  prints as \"Maximum resident set size\").",
        "- classify: `cop-threats classify --taxonomy T --no-evidence --workers W -o /dev/null CORPUS`; the rows",
        "  \"with evidence\" leave out `--no-evidence` (shipped taxonomy, 1 worker).",
        f"- The pipeline alone: classify with a synthetic taxonomy of {pipeline.terms} term (`gen-taxonomy.py {pipeline.terms}`), so that",
        "  the run costs reading, language identification, normalizing, scanning and writing with next to no matching.",
        "- Compiled rules: classify keeps them in a cache folder and reads them back while the taxonomy files and the",
        "  tool are unchanged (README). Every classify run here uses a cache folder of the benchmark's own, emptied and",
        "  filled once before measuring, so the tables show repeated runs over the same rules; the start-up rows show",
        "  one report with the cache off (a compile) and on (a read).",
        f"- Compile of {most} terms = CPU time of classify of one report (the corpus's first) with those terms and the",
        "  cache off, less the same with the one-term taxonomy: what compiling the terms adds to start-up.",
        "- Hyperscan peer: `Benchmarks/hs-count.c` (C, `libhs`) compiles TERMS with `hs_compile_lit_multi`",
        "  (`HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH`: each term once per record), reads CORPUS line by line, decodes",
        "  each record's `text` string (JSON escapes included) and counts the terms found in it with `hs_scan`; it",
        "  prints the total. Literals Hyperscan rejects are skipped and counted; a set that does not compile into one",
        "  database is compiled in 2, 4, 8... databases, each scanned over every record (its messages are listed below",
        "  its table). Its CPU time includes its compile, which it times itself (\"of which compile\"); the Hyperscan",
        "  target also gives the ratio with both compiles taken out (ours as derived above). Like grep with",
        "  `LC_ALL=C`, its caseless matching folds ASCII letters only.",
        f"- Store: `cop-threats store ingest --workers 1 --db DB` of the {max(corpora)} MB corpus with the shipped taxonomy into",
        "  a new SQLite store (the old one removed before each run), so every report is classified and written.",
        "- grep: `LC_ALL=C grep -F -i -c -f TERMS CORPUS`, TERMS = `cop-threats taxonomy terms --taxonomy T`. A floor",
        "  rather than a peer: it stops at a line's first match and counts lines, where classify finds every term.",
        "- \"CPU ÷ Hyperscan\" and \"CPU ÷ grep\" = our 1-worker CPU time over the peer's on the same corpus and terms",
        "  (both peers are single-threaded); \"wall speed-up\" = the 1-worker wall time over the W-worker one.",
        f"- Side by side: two 1-worker classify runs of the {max(corpora)} MB corpus (shipped taxonomy) started together,",
        "  timed until the second ends; twice the 1-worker run's wall time over that is the throughput two cores give",
        "  two processes that share nothing, the reference for the 2-worker target.",
        "- Allocations: `Benchmarks/count-mallocs.c`, preloaded (`LD_PRELOAD`) into classify alone, counts every call",
        "  to malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign with atomic counters and writes the",
        "  totals at exit; the Swift runtime allocates through malloc, so its allocations are counted too. Allocations",
        f"  per report = (count on the {min(corpora)} MB corpus − count on its first report alone) ÷ (reports − 1): the",
        "  steady state, start-up and compile taken out. Counted once (not timed), shipped taxonomy, 1 worker.",
    ]


def render(context: dict, results: dict, term_sets: list[TermSet], corpora: dict[int, Corpus], feed: str,
           args, verdicts: list, profiles: dict[tuple, str], allocated: dict[str, Allocations]) -> str:
    big = max(corpora)
    hyperscan_notes = _hyperscan_notes(results)
    lines = [
        "# Benchmarks",
        "",
        "Written by `Benchmarks/run.sh` (also `make benchmark`); do not edit by hand, run it again.",
        "Inputs are generated into `bench-out/` (git-ignored) by the scripts in `Benchmarks/`.",
        "",
        "## Machine and run",
        "",
        *_table(["", ""], [
            ["date", context["date"]], ["git commit", context["commit"]], ["command", f"`{context['command']}`"],
            ["tool", f"`{context['binary']}`"], ["Swift runtime", context["runtime"]], ["CPU", context["cpu"]], ["cores (nproc)", context["nproc"]],
            ["memory", context["memory"]], ["kernel", context["kernel"]], ["grep", context["grep"]],
            ["Hyperscan (libhyperscan-dev)", context["hyperscan"]],
            ["load average at start (1, 5, 15 min)", context["load_start"]],
            ["load average at end", context["load_end"]], ["duration", f"{context['minutes']:.1f} min"],
            *([["note", args.note]] if args.note else []),
        ]),
        "",
        f"**The machine is shared**: a load average above {context['nproc']} means other processes were",
        "competing for the cores, and wall-clock figures are then lower than on an idle machine. The",
        "\"MB per CPU s\" column (input bytes over user + system CPU time) is far less sensitive to that.",
        "",
        "## Method",
        "",
        *_method(args, term_sets, corpora),
        "",
        "## Inputs",
        "",
        *[f"- `{os.path.relpath(c.path, ROOT)}`: {c.size / 1e6:.1f} MB, {c.reports:,} reports (JSONL) in ar, zh, en, fr, ru, es: "
          "the project's `Corpus/` reports and sentences generated from `Benchmarks/wordlists.py` (`gen-corpus.py`)."
          for c in corpora.values()],
        *[f"- terms `{t.name}`: {t.terms:,} distinct {'term' if t.terms == 1 else 'terms'} listed by `taxonomy terms` from `"
          + os.path.relpath(t.taxonomy, ROOT) + "`" + ("" if t.role == "shipped" else " (`gen-taxonomy.py`)")
          + (" (the pipeline alone)" if t.role == "pipeline" else "") for t in term_sets],
        f"- `{os.path.relpath(feed, ROOT)}`: {os.path.getsize(feed) / 1e6:.1f} MB IODEF v2 feed (`gen-iodef.py`).",
        "",
        "## classify, end to end",
        "",
        *_classify_table(results, term_sets),
        "",
        f"Totals of the last 1-worker run on {big} MB (what the tool printed), to show each term set hits the corpus:",
        "",
        *_labelled(results, term_sets, big),
        "",
        *_real_texts(results, corpora),
        "## Hyperscan peer (`hs-count`), same corpus and terms",
        "",
        *(_hyperscan_table(results) if any(key[0] == "hyperscan" for key in results) else
          ["Not measured: no Hyperscan (`apt-get install -y libhyperscan-dev`, which `make benchmark` does) or no C compiler."]),
        "",
        *([f"What `hs-count` reported besides its totals:", "", *hyperscan_notes, ""] if hyperscan_notes else []),
        "## grep -F -i -c (a floor), same corpus and terms",
        "",
        *_grep_table(results),
        "",
        "## Heap allocations per report (steady state)",
        "",
        *(_allocation_table(allocated) if allocated else ["Not measured: no C compiler to build `count-mallocs.so`."]),
        "",
        "## Start-up, IODEF import and the store",
        "",
        *_table(["what", "wall s", "CPU s", "MB/s", "peak MiB"], [*_compile_rows(results, term_sets), *_import_rows(results)]),
        "",
        "The reference is `Benchmarks/xml-reader-baseline.c`: libxml2's `xmlTextReader` walking every node of the",
        "same feed on one thread and doing nothing with it, the floor for any one-thread importer built on that reader.",
        "The import reads the feed in one pass through that reader, so its time is that floor plus the guard and the extractor.",
        "",
        "## Targets",
        "",
        *_table(["target", "measured", "met?"],
                [[v.target, v.measured, "—" if v.met is None else "yes" if v.met else "**NO**"] for v in verdicts]),
        "",
    ]
    missed = [v for v in verdicts if v.met is False]
    if missed:
        lines += ["### Missed targets", ""]
        lines += [f"- **{v.target}**: {v.measured}. {v.note}".rstrip() for v in missed]
        lines.append("")
    for key, text in profiles.items():
        lines += [f"### Profile: {_run_name(key)} (`perf record -F 999`, top functions by self time)", "", "```", text, "```", ""]
    return "\n".join(lines)

"""BENCHMARKS.md: the machine, the inputs, the measured tables, the targets and the profiles."""
import datetime
import os
import platform
import subprocess

from inputs import ROOT, Corpus, TermSet
from measure import Summary


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
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory": _memory(),
        "kernel": platform.release(),
        "grep": _output(["grep", "--version"]).splitlines()[0] if _output(["grep", "--version"]) else "unknown",
        "load_start": load_average(),
    }


def _row(cells: list) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _table(header: list[str], rows: list[list]) -> list[str]:
    align = ["---" if i == 0 else "--:" for i in range(len(header))]
    return [_row(header), _row(align), *map(_row, rows)]


def _classify_table(results: dict) -> list[str]:
    rows = []
    for key, summary in results.items():
        if key[0] != "classify":
            continue
        _, name, size, workers = key
        grep: Summary = results[("grep", name, size)]
        ratio = f"{summary.wall / grep.wall:.2f}×" if workers == 1 else ""
        rows.append([name, size, workers, f"{summary.wall:.2f}", f"{summary.mb_per_s:.1f}", f"{summary.reports_per_s:,.0f}",
                     f"{summary.cpu:.2f}", f"{summary.mb_per_cpu_s:.1f}", f"{summary.peak_mib:.1f}", ratio])
    return _table(["terms", "MB", "workers", "wall s", "MB/s", "reports/s", "CPU s", "MB per CPU s", "peak MiB",
                   "time ÷ grep"], rows)


def _grep_table(results: dict) -> list[str]:
    rows = []
    for key, summary in results.items():
        if key[0] == "grep":
            _, name, size = key
            rows.append([name, size, f"{summary.wall:.2f}", f"{summary.mb_per_s:.1f}", f"{summary.cpu:.2f}",
                         f"{summary.peak_mib:.1f}", summary.last.stdout.strip()])
    return _table(["terms", "MB", "wall s", "MB/s", "CPU s", "peak MiB", "matching lines"], rows)


def _labelled(results: dict, term_sets: list[TermSet], size: int) -> list[str]:
    lines = []
    for term_set in term_sets:
        stderr = results[("classify", term_set.name, size, 1)].last.stderr.strip().splitlines()
        lines.append(f"- {term_set.name}: {stderr[-1] if stderr else '(no summary line)'}")
    return lines


def _run_name(key: tuple) -> str:
    if key[0] == "classify":
        return f"classify, {key[1]} terms, {key[2]} MB, {key[3]} worker(s)"
    if key[0] == "compile":
        return f"classify of one report with {key[1]} terms"
    return "import of the IODEF feed"


def _import_rows(results: dict) -> list[list[str]]:
    """The import runs, each with its time over the bare reader's (when that was measured)."""
    reference = results.get(("xml-reader",))
    runs = [(("import",), "`import` (one pass)")]
    if reference:
        runs.append((("xml-reader",), "reference: libxml2 reader alone, one thread"))
    rows = []
    for key, name in runs:
        run = results[key]
        ratio = f" ({run.wall / reference.wall:.2f}× the reference's time)" if reference and key != ("xml-reader",) else ""
        rows.append([f"{name} on the {run.size / 1e6:.0f} MB IODEF feed{ratio}", f"{run.wall:.2f}", f"{run.cpu:.2f}",
                     f"{run.mb_per_s:.1f}", f"{run.peak_mib:.1f}"])
    return rows


def render(context: dict, results: dict, term_sets: list[TermSet], corpora: dict[int, Corpus], feed: str,
           args, verdicts: list, profiles: dict[tuple, str]) -> str:
    big = max(corpora)
    check_run = results.get(("check", term_sets[-1].name))
    compile_run = results.get(("compile", term_sets[-1].name))
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
            ["tool", f"`{context['binary']}`"], ["CPU", context["cpu"]], ["cores (nproc)", context["nproc"]],
            ["memory", context["memory"]], ["kernel", context["kernel"]], ["grep", context["grep"]],
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
        f"- Every figure is the median of {args.repeat} runs; runs are interleaved (each configuration once, then",
        "  again), so changes of load spread over all of them. Inputs are read once before measuring (page cache).",
        "- MB = 10^6 bytes of input. MB/s = input size ÷ wall-clock time of the whole process (start, taxonomy",
        "  load and compile, reading, classifying, writing). CPU s = user + system time.",
        "- Peak MiB = the maximum resident set size of the process from `wait4(2)` (the figure `/usr/bin/time -v`",
        "  prints as \"Maximum resident set size\").",
        "- classify: `cop-threats classify --taxonomy T --no-evidence --workers W -o /dev/null CORPUS`.",
        "- grep: `LC_ALL=C grep -F -i -c -f TERMS CORPUS`, TERMS = `cop-threats taxonomy terms --taxonomy T`;",
        "  \"time ÷ grep\" is our 1-worker wall time over grep's on the same corpus and terms (grep is single-threaded).",
        "",
        "## Inputs",
        "",
        *[f"- `{os.path.relpath(c.path, ROOT)}`: {c.size / 1e6:.1f} MB, {c.reports:,} reports (JSONL) in ar, zh, en, fr, ru, es: "
          "the project's `Corpus/` reports and sentences generated from `Benchmarks/wordlists.py` (`gen-corpus.py`)."
          for c in corpora.values()],
        *[f"- terms `{t.name}`: {t.terms:,} distinct terms listed by `taxonomy terms` from `"
          + os.path.relpath(t.taxonomy, ROOT) + "`" + ("" if t.name == "shipped" else " (`gen-taxonomy.py`)") for t in term_sets],
        f"- `{os.path.relpath(feed, ROOT)}`: {os.path.getsize(feed) / 1e6:.1f} MB IODEF v2 feed (`gen-iodef.py`).",
        "",
        "## classify, end to end",
        "",
        *_classify_table(results),
        "",
        f"Totals of the last 1-worker run on {big} MB (what the tool printed), to show each term set hits the corpus:",
        "",
        *_labelled(results, term_sets, big),
        "",
        "## grep -F -i -c, same corpus and terms",
        "",
        *_grep_table(results),
        "",
        "## Taxonomy compile and IODEF import",
        "",
        *_table(["what", "wall s", "CPU s", "MB/s", "peak MiB"], [
            *([[f"`taxonomy check` of {term_sets[-1].terms:,} terms", f"{check_run.wall:.2f}", f"{check_run.cpu:.2f}", "", f"{check_run.peak_mib:.1f}"]]
              if check_run else []),
            *([[f"`classify` of one report with {term_sets[-1].terms:,} terms (load + compile)", f"{compile_run.wall:.2f}",
                f"{compile_run.cpu:.2f}", "", f"{compile_run.peak_mib:.1f}"]] if compile_run else []),
            *_import_rows(results),
        ]),
        "",
        "The reference is `Benchmarks/xml-reader-baseline.c`: libxml2's `xmlTextReader` walking every node of the",
        "same feed on one thread and doing nothing with it, the floor for any one-thread importer built on that reader.",
        "The import reads the feed in one pass through that reader, so its time is that floor plus the guard and the extractor.",
        "",
        "## Targets",
        "",
        *_table(["target", "measured", "met?"], [[v.target, v.measured, "yes" if v.met else "**NO**"] for v in verdicts]),
        "",
    ]
    missed = [v for v in verdicts if not v.met]
    if missed:
        lines += ["### Missed targets", ""]
        lines += [f"- **{v.target}**: {v.measured}. {v.note}".rstrip() for v in missed]
        lines.append("")
    for key, text in profiles.items():
        lines += [f"### Profile: {_run_name(key)} (`perf record -F 999`, top functions by self time)", "", "```", text, "```", ""]
    return "\n".join(lines)

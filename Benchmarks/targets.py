"""The issue's performance targets, checked against the measured medians."""
from dataclasses import dataclass

import perf_profile
from inputs import Corpus, TermSet
from measure import Summary


@dataclass
class Verdict:
    target: str
    measured: str
    met: bool
    note: str = ""
    profile: tuple | None = None  # the plan key of the run to profile when missed


def _core_share(summary: Summary) -> str:
    return f"the process got {summary.cpu / summary.wall:.0%} of a core (CPU {summary.cpu:.1f} s in {summary.wall:.1f} s wall)"


def _throughput(results: dict, name: str, sizes: list[int], workers: int, floor: float, label: str) -> Verdict:
    runs = [results[("classify", name, size, workers)] for size in sizes]
    measured = ", ".join(f"{r.mb_per_s:.1f} MB/s on {size} MB" for r, size in zip(runs, sizes))
    met = all(r.mb_per_s >= floor for r in runs)
    note = ""
    if workers == 1:
        measured += " (per CPU second: " + ", ".join(f"{r.mb_per_cpu_s:.1f}" for r in runs) + ")"
        if not met:
            worst = min(runs, key=lambda r: r.mb_per_s)
            on_cpu = all(r.mb_per_cpu_s >= floor for r in runs)
            note = (f"Missed on wall-clock time: {_core_share(worst)}. "
                    + ("Per CPU second it reaches the target, so the miss is time spent waiting for a shared core."
                       if on_cpu else "Per CPU second it misses too: the profile below shows where the time goes."))
    elif not met:
        worst = min(runs, key=lambda r: r.mb_per_s)
        note = f"Missed on wall-clock time: with 2 workers the process used {worst.cpu / worst.wall:.2f} cores on average."
    return Verdict(label, measured, met, note, ("classify", name, min(sizes), 1))


def evaluate(results: dict, term_sets: list[TermSet], corpora: dict[int, Corpus], workers: list[int]) -> list[Verdict]:
    sizes = sorted(corpora)
    small, big = sizes[0], sizes[-1]
    shipped, synthetic = term_sets[0], term_sets[1:]
    verdicts = [_throughput(results, shipped.name, sizes, 1, 100, "Shipped taxonomy, 1 worker: ≥ 100 MB/s")]
    if 2 in workers:
        verdicts.append(_throughput(results, shipped.name, sizes, 2, 180, "Shipped taxonomy, 2 workers: ≥ 180 MB/s"))
    if synthetic:
        most, fewest = synthetic[-1], synthetic[0]
        verdicts.append(_throughput(results, most.name, sizes, 1, 50, f"{most.terms:,} synthetic terms, 1 worker: ≥ 50 MB/s"))
        slow, fast = results[("classify", most.name, big, 1)], results[("classify", fewest.name, big, 1)]
        wall, cpu = slow.wall / fast.wall, slow.cpu / fast.cpu
        verdicts.append(Verdict(
            f"{fewest.terms:,} → {most.terms:,} terms costs at most 3× (1 worker, {big} MB)",
            f"{wall:.2f}× wall, {cpu:.2f}× CPU", wall <= 3,
            "" if wall <= 3 else "Missed: the profile below is of the large term set.", ("classify", most.name, small, 1)))
    ratios = {t.name: results[("classify", t.name, big, 1)].wall / results[("grep", t.name, big)].wall for t in term_sets}
    verdicts.append(Verdict(
        f"Time ratio to `LC_ALL=C grep -F -i -c -f TERMS` ≤ 1.5× (1 worker, {big} MB)",
        ", ".join(f"{name}: {ratio:.2f}×" for name, ratio in ratios.items()), all(r <= 1.5 for r in ratios.values()),
        "" if all(r <= 1.5 for r in ratios.values()) else
        "Missed for: " + ", ".join(n for n, r in ratios.items() if r > 1.5) + "; the profile is of the shipped taxonomy run.",
        ("classify", shipped.name, small, 1)))
    growth = {(t.name, w): results[("classify", t.name, big, w)].peak_mib / results[("classify", t.name, small, w)].peak_mib
              for t in term_sets for w in workers}
    worst = max(growth, key=growth.get)
    verdicts.append(Verdict(
        f"Peak memory flat in input size: {big} MB run within 10% of the {small} MB run",
        f"largest growth {growth[worst] - 1:+.1%} ({worst[0]} terms, {worst[1]} worker(s))", growth[worst] <= 1.10,
        "" if growth[worst] <= 1.10 else "Missed for: " + ", ".join(
            f"{n} terms with {w} worker(s) ({g - 1:+.0%})" for (n, w), g in growth.items() if g > 1.10) + "."))
    peaks = {key: s.peak_mib for key, s in results.items() if key[0] == "classify"}
    top = max(peaks, key=peaks.get)
    verdicts.append(Verdict(
        "Peak memory of classify < 100 MB", f"at most {peaks[top]:.1f} MiB ({top[1]} terms, {top[2]} MB, {top[3]} worker(s))",
        peaks[top] < 100 * 1e6 / 2**20, "" if peaks[top] < 100 * 1e6 / 2**20 else "Missed: see the peak column of the table."))
    if synthetic:
        compile_run = results[("compile", term_sets[-1].name)]
        verdicts.append(Verdict(
            f"Compiling {term_sets[-1].terms:,} terms < 1 s (load, compile and classify one report)",
            f"{compile_run.wall:.2f} s wall, {compile_run.cpu:.2f} s CPU", compile_run.wall < 1,
            "" if compile_run.wall < 1 else f"Missed: {_core_share(compile_run)}.", ("compile", term_sets[-1].name)))
    feed = results[("import",)]
    fast_enough, small_enough = feed.mb_per_s >= 80, feed.peak_mib < 50 * 1e6 / 2**20
    verdicts.append(Verdict(
        "IODEF import ≥ 80 MB/s with < 50 MB peak memory",
        f"{feed.mb_per_s:.1f} MB/s ({feed.mb_per_cpu_s:.1f} per CPU second), peak {feed.peak_mib:.1f} MiB",
        fast_enough and small_enough,
        "" if fast_enough and small_enough else "Missed: " + "; ".join(
            ([] if fast_enough else [f"speed ({_core_share(feed)})"]) + ([] if small_enough else ["peak memory"])) + ".",
        ("import",)))
    return verdicts


def profiles(verdicts: list[Verdict], plan: dict) -> dict[tuple, str]:
    """One `perf` profile per distinct run behind a missed target."""
    wanted = {v.profile for v in verdicts if not v.met and v.profile}
    return {key: perf_profile.top_functions("-".join(map(str, key)), plan[key][0]) for key in sorted(wanted, key=str)}

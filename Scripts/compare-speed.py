#!/usr/bin/env python3
"""Times two builds of cop-threats on the same classify run, interleaved (old, new, old, new...)
so that a change of the machine's load falls on both alike, and prints the medians and the
ratio new ÷ old. Use it with Scripts/compare-classify.sh, which checks that the outputs are the
same, to show what a change to the engine gains; `make benchmark` measures the targets.

Usage: Scripts/compare-speed.py OLD_BINARY NEW_BINARY [--rounds N] [--input FILE]
                                [--taxonomy FILE] [-- CLASSIFY_OPTION ...]

Defaults: 11 rounds, bench-out/corpus-50mb.jsonl (written by `make benchmark`), the shipped
taxonomy, and `--no-evidence --workers 1`; options after `--` replace those. Each build gets a
cache folder of compiled rules of its own, filled before the first round, so every round reads
the rules back as a repeated run does.
"""
import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Benchmarks"))
from measure import checked  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--input", default="bench-out/corpus-50mb.jsonl")
    parser.add_argument("--taxonomy", default="Taxonomy/taxonomy.yaml")
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    args = parser.parse_args(argv[:cut])
    args.options = argv[cut + 1:] or ["--no-evidence", "--workers", "1"]
    for path in (args.old, args.new, args.input, args.taxonomy):
        if not os.path.exists(path):
            raise SystemExit(f"compare-speed: there is no {path}")
    with tempfile.TemporaryDirectory() as scratch:
        builds = {}
        for name, binary in (("old", args.old), ("new", args.new)):
            env = {"COP_THREATS_CACHE": os.path.join(scratch, name)}
            command = [os.path.abspath(binary), "classify", args.input, "--taxonomy", args.taxonomy,
                       "-o", "/dev/null", *args.options]
            checked(command, (0,), env)  # fills the cache; not counted
            builds[name] = (command, env, [])
        for _ in range(args.rounds):
            for command, env, runs in builds.values():
                runs.append(checked(command, (0,), env))
    print(f"{args.rounds} interleaved rounds of classify {args.input} {' '.join(args.options)}:")
    medians = {}
    for name, (_, _, runs) in builds.items():
        medians[name] = [statistics.median(getattr(r, field) for r in runs) for field in ("wall", "cpu", "peak_kib")]
        wall, cpu, peak = medians[name]
        print(f"  {name}: wall {wall:.3f} s, CPU {cpu:.3f} s, peak {peak / 1024:.1f} MiB (medians)")
    (old_wall, old_cpu, _), (new_wall, new_cpu, _) = medians["old"], medians["new"]
    print(f"  new ÷ old: wall {new_wall / old_wall:.3f}, CPU {new_cpu / old_cpu:.3f}")


if __name__ == "__main__":
    main()

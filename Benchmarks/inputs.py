"""The benchmark's generated inputs in bench-out/: made once, made again only when a generator,
its arguments or the project's Corpus/ change (a `.stamp` file next to each input records that)."""
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
OUT = os.path.join(ROOT, "bench-out")
SHIPPED = os.path.join(ROOT, "Taxonomy", "taxonomy.yaml")


@dataclass
class Corpus:
    path: str
    size: int
    reports: int


# Real texts, read where they are (never copied into the project): the labelled posts, messages
# and breach narratives of ../shared/eval/train.jsonl, when that folder is present.
REAL_TEXTS = os.path.join(os.path.dirname(ROOT), "shared", "eval", "train.jsonl")


def real_texts() -> Corpus | None:
    """The real texts as a corpus, or None where ../shared/eval is absent."""
    if not os.path.exists(REAL_TEXTS):
        return None
    with open(REAL_TEXTS, "rb") as file:
        reports = sum(1 for line in file if line.strip())
    return Corpus(REAL_TEXTS, os.path.getsize(REAL_TEXTS), reports)


# The term count of "the pipeline alone": a synthetic taxonomy of one term, so that a run costs
# what reading, language identification, normalizing, scanning and writing cost with no matching.
PIPELINE_TERMS = 1


@dataclass
class TermSet:
    """A taxonomy and its term list (`cop-threats taxonomy terms`, one per line, for grep and
    hs-count). `role` is "shipped", "pipeline" (the one-term taxonomy) or "synthetic"."""
    name: str
    taxonomy: str
    terms_file: str
    terms: int
    role: str = "synthetic"


def _fingerprint(generator: str, args: list[str], sources: list[str]) -> str:
    digest = hashlib.sha256(" ".join(args).encode())
    for path in [generator, *sources]:
        with open(path, "rb") as file:
            digest.update(file.read())
    return digest.hexdigest()


def _generate(target: str, generator: str, args: list[str], sources: list[str]) -> str:
    """Runs `generator args... target` unless `target` is up to date with the generator and the
    files it reads (`sources`); returns the generator's stdout."""
    stamp = target.rstrip("/") + ".stamp"
    fingerprint = _fingerprint(generator, args, sources)
    if os.path.exists(target) and os.path.exists(stamp):
        with open(stamp) as file:
            saved = json.load(file)
        if saved["fingerprint"] == fingerprint:
            return saved["stdout"]
    print(f"benchmark: generating {os.path.relpath(target, ROOT)}", file=sys.stderr)
    if os.path.isdir(target):
        shutil.rmtree(target)
    stdout = subprocess.run([sys.executable, generator, *args, target], check=True, capture_output=True, text=True).stdout
    with open(stamp, "w") as file:
        json.dump({"fingerprint": fingerprint, "stdout": stdout}, file)
    return stdout


def _word_sources() -> list[str]:
    return [os.path.join(BENCH, "wordlists.py"), *sorted(glob.glob(os.path.join(ROOT, "Corpus", "*.jsonl")))]


def corpus(size_mb: int) -> Corpus:
    path = os.path.join(OUT, f"corpus-{size_mb}mb.jsonl")
    reports = int(_generate(path, os.path.join(BENCH, "gen-corpus.py"), [str(size_mb)], _word_sources()))
    return Corpus(path, os.path.getsize(path), reports)


def feed(size_mb: int) -> str:
    path = os.path.join(OUT, f"feed-{size_mb}mb.xml")
    _generate(path, os.path.join(BENCH, "gen-iodef.py"), [str(size_mb)], [])
    return path


def _compiler() -> str | None:
    return shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")


def _build(source: str, path: str, flags: list[str]) -> str:
    """Compiles `source` with -O2 into `path` unless `path` is newer than it; returns `path`."""
    if not os.path.exists(path) or os.path.getmtime(path) < os.path.getmtime(source):
        subprocess.run([_compiler(), "-O2", source, *flags, "-o", path], check=True)
    return path


def _pkg_flags(package: str) -> list[str] | None:
    """`pkg-config --cflags --libs package`, or `None` when pkg-config or the package is missing."""
    try:
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", package], capture_output=True, text=True)
    except OSError:
        return None
    return flags.stdout.split() if flags.returncode == 0 else None


def xml_reader_baseline() -> str | None:
    """Builds the bare libxml2 reader loop (`xml-reader-baseline.c`) into bench-out/; `None` when
    no C compiler or libxml2 headers are there (the import is then measured without its reference)."""
    flags = _pkg_flags("libxml-2.0")
    if flags is None or _compiler() is None:
        print("benchmark: no C compiler or libxml2 pkg-config: the import is measured without the bare-reader reference", file=sys.stderr)
        return None
    return _build(os.path.join(BENCH, "xml-reader-baseline.c"), os.path.join(OUT, "xml-reader-baseline"), flags)


def hs_count() -> str | None:
    """Builds the Hyperscan peer (`hs-count.c`) into bench-out/; `None` when no C compiler or no
    Hyperscan (`libhyperscan-dev`, pkg-config `libhs`) is there: classify is then measured without it."""
    flags = _pkg_flags("libhs")
    if flags is None or _compiler() is None:
        print("benchmark: no C compiler or Hyperscan (apt-get install -y libhyperscan-dev): "
              "classify is measured without the Hyperscan peer", file=sys.stderr)
        return None
    return _build(os.path.join(BENCH, "hs-count.c"), os.path.join(OUT, "hs-count"), flags)


def count_mallocs() -> str | None:
    """Builds the allocation counter (`count-mallocs.c`, an LD_PRELOAD library) into bench-out/;
    `None` when there is no C compiler (allocations are then not counted)."""
    if _compiler() is None:
        print("benchmark: no C compiler: allocations per report are not counted", file=sys.stderr)
        return None
    return _build(os.path.join(BENCH, "count-mallocs.c"), os.path.join(OUT, "count-mallocs.so"), ["-shared", "-fPIC", "-ldl"])


def synthetic_taxonomy(terms: int) -> str:
    folder = os.path.join(OUT, f"taxonomy-{terms}")
    _generate(folder, os.path.join(BENCH, "gen-taxonomy.py"), [str(terms)], _word_sources())
    return os.path.join(folder, "taxonomy.yaml")


def term_set(binary: str, name: str, taxonomy: str, role: str = "synthetic") -> TermSet:
    """Lists the taxonomy's terms with the tool itself; fails clearly when the taxonomy does not load."""
    listed = subprocess.run([binary, "taxonomy", "terms", "--taxonomy", taxonomy], capture_output=True, text=True)
    if listed.returncode != 0:
        raise SystemExit(f"benchmark: the {name} taxonomy ({taxonomy}) does not load:\n{listed.stderr[-2000:]}")
    terms = [line for line in listed.stdout.splitlines() if line.strip()]  # an empty pattern would match every line
    path = os.path.join(OUT, f"terms-{name}.txt")
    with open(path, "w", encoding="utf-8") as file:
        file.write("".join(term + "\n" for term in terms))
    return TermSet(name, taxonomy, path, len(terms), role)


def one_report(source: Corpus) -> str:
    """The first report of `source` alone, to time taxonomy loading and compiling."""
    path = os.path.join(OUT, "one-report.jsonl")
    with open(source.path, encoding="utf-8") as lines, open(path, "w", encoding="utf-8") as out:
        out.write(next(lines))
    return path

"""A flat CPU profile of one command: `perf record` + `perf report`, Swift names demangled."""
import os
import re
import shutil
import subprocess

from inputs import OUT

TOP = 12


def _demangler() -> str | None:
    found = shutil.which("swift-demangle")
    if found:
        return found
    swift = shutil.which("swift")
    candidate = os.path.join(os.path.dirname(os.path.realpath(swift)), "swift-demangle") if swift else ""
    return candidate if os.path.exists(candidate) else None


def top_functions(name: str, command: list[str], env: dict[str, str] | None = None) -> str:
    """The top functions by self time of `command` (run with `env` added to the environment), as
    `perf report` prints them; or why there is none."""
    if not shutil.which("perf"):
        return "(no profile: `perf` is not installed; apt-get install -y linux-perf)"
    data = os.path.join(OUT, f"perf-{name}.data")
    record = subprocess.run(["perf", "record", "-q", "-F", "999", "-o", data, "--", *command],
                            capture_output=True, text=True, env={**os.environ, **(env or {})})
    if record.returncode != 0 or not os.path.exists(data):
        return f"(no profile: perf record failed: {record.stderr.strip()[-500:]})"
    report = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children", "--sort", "dso,symbol"],
                            capture_output=True, text=True).stdout
    demangler = _demangler()
    if demangler:
        report = subprocess.run([demangler, "--simplified"], input=report, capture_output=True, text=True).stdout
    rows = []
    for line in report.splitlines():
        found = re.match(r"\s*(\d+\.\d+%)\s+(\S+)\s+\[.\]\s+(.*?)(?:\s{2,}|$)", line)
        if found and len(rows) < TOP:
            share, library, symbol = found.groups()
            rows.append(f"{share:>7}  {library:<22} {symbol if len(symbol) < 120 else symbol[:117] + '...'}")
    return "\n".join(rows) or "(perf recorded no samples)"

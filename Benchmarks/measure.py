"""Running a command and measuring it: wall time, CPU time and peak memory."""
import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Run:
    """One run of a command. `peak_kib` is the kernel's maximum resident set size of the
    process (the figure /usr/bin/time -v prints as "Maximum resident set size")."""
    wall: float
    cpu: float
    peak_kib: int
    status: int
    stdout: str
    stderr: str


def run(command: list[str], env: dict[str, str] | None = None) -> Run:
    """Runs `command` to completion, measured with wait4(2)."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode,
                   stdout.read().decode(errors="replace"), stderr.read().decode(errors="replace"))


def checked(command: list[str], ok: tuple[int, ...] = (0,), env: dict[str, str] | None = None) -> Run:
    """Runs `command` and stops the benchmark with its stderr when it exits with another status."""
    result = run(command, env)
    if result.status not in ok:
        raise SystemExit(f"benchmark: `{' '.join(command)}` exited with status {result.status}:\n{result.stderr[-2000:]}")
    return result


@dataclass
class Summary:
    """The medians of repeated runs of one command on `size` bytes (and `reports` reports)."""
    runs: list[Run]
    size: int = 0
    reports: int = 0

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return statistics.median(r.peak_kib for r in self.runs) / 1024

    @property
    def mb_per_s(self) -> float:
        return self.size / 1e6 / self.wall

    @property
    def mb_per_cpu_s(self) -> float:
        return self.size / 1e6 / self.cpu

    @property
    def reports_per_s(self) -> float:
        return self.reports / self.wall

    @property
    def last(self) -> Run:
        return self.runs[-1]

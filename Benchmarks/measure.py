"""Running a command and measuring it: wall time, CPU time, peak memory and heap allocations."""
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


# Linux carries a process's peak RSS across fork and exec: a command started from this Python
# process (which holds the benchmark's inputs) would report at least Python's own peak. The
# command is therefore started by /usr/bin/time, a small process, and its peak is time's report
# of its child; CPU and wall time still come from wait4(2) and the clock.
TIME = "/usr/bin/time"
PEAK_MARK = "cop-threats-benchmark-peak-kib:"


def run(command: list[str], env: dict[str, str] | None = None, copies: int = 1) -> Run:
    """Runs `command` to completion, measured with wait4(2) (peak memory by /usr/bin/time).
    With `copies` > 1, that many copies run at once: the wall time is until the last ends, the CPU
    time their sum, the peak the largest, the status the first non-zero one, the output the first's."""
    wrapped = [TIME, "-f", PEAK_MARK + "%M", *command] if os.access(TIME, os.X_OK) else command
    files = [(tempfile.TemporaryFile(), tempfile.TemporaryFile()) for _ in range(copies)]
    start = time.perf_counter()
    processes = [subprocess.Popen(wrapped, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env={**os.environ, **(env or {})})
                 for out, err in files]
    runs = []
    for process, (stdout, stderr) in zip(processes, files):
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
        peak = usage.ru_maxrss
        if wrapped is not command:
            lines = errors.rstrip("\n").split("\n")
            if lines and lines[-1].startswith(PEAK_MARK):
                peak = int(lines[-1][len(PEAK_MARK):])
                errors = "\n".join(lines[:-1]) + ("\n" if len(lines) > 1 else "")
            # time prints "Command exited with non-zero status N" before its format line.
            errors = "\n".join(l for l in errors.split("\n") if not l.startswith("Command exited with non-zero status"))
        runs.append(Run(wall, usage.ru_utime + usage.ru_stime, peak, process.returncode,
                        stdout.read().decode(errors="replace"), errors))
        stdout.close()
        stderr.close()
    return Run(max(r.wall for r in runs), sum(r.cpu for r in runs), max(r.peak_kib for r in runs),
               next((r.status for r in runs if r.status != 0), 0), runs[0].stdout, runs[0].stderr)


def checked(command: list[str], ok: tuple[int, ...] = (0,), env: dict[str, str] | None = None, copies: int = 1) -> Run:
    """Runs `command` (`copies` at once) and stops the benchmark with its stderr when it exits with another status."""
    result = run(command, env, copies)
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

    def paired_ratio(self, reference: "Summary") -> float:
        """The median of this command's wall time over `reference`'s, run by run: the two ran in
        adjacent pairs, so a slow spell of a shared machine falls on both sides of a pair."""
        return statistics.median(run.wall / other.wall for run, other in zip(self.runs, reference.runs))


def allocations(command: list[str], preload: str, counts_file: str, env: dict[str, str] | None = None) -> int:
    """The heap allocations `command` makes (malloc, calloc, realloc, posix_memalign, aligned_alloc,
    memalign calls), counted by the `count-mallocs.so` interposer preloaded into it alone (`env`
    sets LD_PRELOAD for the command, not for /usr/bin/time); summed over the processes it runs."""
    if os.path.exists(counts_file):
        os.remove(counts_file)
    checked(["env", f"LD_PRELOAD={preload}", f"COUNT_MALLOCS_OUT={counts_file}", *command], (0,), env)
    with open(counts_file) as file:
        return sum(int(line.split()[-1]) for line in file if line.startswith("count-mallocs:"))


@dataclass
class Allocations:
    """The allocations of one command on a 1-report input (`one`) and on a `reports`-report corpus
    (`many`): what each report costs in the steady state, start-up and compile taken out."""
    one: int
    many: int
    reports: int

    @property
    def per_report(self) -> float:
        return (self.many - self.one) / (self.reports - 1) if self.reports > 1 else float("nan")

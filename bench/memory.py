"""Peak memory of a command and all its child processes, for the memory line of the benchmarks.

`python bench/memory.py COMMAND ...` runs COMMAND (its output discarded) and prints one JSON
object: exit status, the largest single process (`ru_maxrss`) and the peak summed RSS and PSS."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

POLL_SECONDS = 0.05


def _field_kb(path: Path, name: str) -> int:
    try:
        with path.open() as lines:
            for line in lines:
                if line.startswith(name):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return 0
    return 0


def _tree(root: int) -> list[int]:
    """`root` and its descendants, through every thread's `children` list."""
    pids = [root]
    index = 0
    while index < len(pids):
        for task in Path(f"/proc/{pids[index]}/task").glob("*"):
            try:
                pids += [int(child) for child in (task / "children").read_text().split()]
            except (OSError, ValueError):
                continue
        index += 1
    return pids


def measure(command: Sequence[str]) -> dict[str, float]:
    """Run `command`; peak RSS sum and PSS sum over its process tree, and its largest process.

    The RSS sum counts pages shared by forked workers once per process, so it over-states; the
    PSS sum shares them out and is the honest total; both are polled every 50 ms."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = 0
    processes = 0
    while process.poll() is None:
        pids = _tree(process.pid)
        processes = max(processes, len(pids))
        peak_rss = max(
            peak_rss, sum(_field_kb(Path(f"/proc/{pid}/status"), "VmRSS:") for pid in pids)
        )
        peak_pss = max(
            peak_pss, sum(_field_kb(Path(f"/proc/{pid}/smaps_rollup"), "Pss:") for pid in pids)
        )
        time.sleep(POLL_SECONDS)
    # Every descendant has been waited for by now; Linux reports ru_maxrss in KiB.
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "returncode": process.returncode,
        "largest_process_mb": largest / 1024,
        "peak_rss_sum_mb": peak_rss / 1024,
        "peak_pss_sum_mb": peak_pss / 1024,
        "processes": processes,
    }


def main(argv: Sequence[str] | None = None) -> int:
    command = list(sys.argv[1:] if argv is None else argv)
    if not command:
        print("usage: python bench/memory.py COMMAND ...", file=sys.stderr)
        return 2
    print(json.dumps(measure(command)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

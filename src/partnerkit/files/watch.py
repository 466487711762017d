"""`show --watch`: redraw whenever a watched file changes, by polling (no new dependency).

Polling the modification time, size and inode catches in-place writes and the rename that many
editors save with. The loop takes its sleep and a poll limit as arguments, so tests drive it
without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

INTERVAL = 0.5  # seconds: quick enough to feel live, rare enough to cost nothing

Signature = tuple[tuple[int, int, int] | None, ...]


def signature(paths: Sequence[Path]) -> Signature:
    """What changes when a file does; None for a file that is missing or unreadable."""
    marks: list[tuple[int, int, int] | None] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            marks.append(None)
        else:
            marks.append((info.st_mtime_ns, info.st_size, info.st_ino))
    return tuple(marks)


def watch(
    paths: Sequence[Path],
    redraw: Callable[[], None],
    *,
    interval: float = INTERVAL,
    sleep: Callable[[float], None] | None = None,
    polls: int | None = None,
) -> int:
    """Call `redraw` now and after every change, until Ctrl-C or `polls` polls; returns the redraws.

    Ctrl-C is the normal way to stop watching, so it ends the loop quietly instead of raising.
    """
    sleep = sleep or time.sleep
    redraws = 0
    try:
        last = signature(paths)
        redraw()
        redraws += 1
        done = 0
        while polls is None or done < polls:
            sleep(interval)
            done += 1
            now = signature(paths)
            if now != last:
                last = now
                redraw()
                redraws += 1
    except KeyboardInterrupt:
        pass
    return redraws

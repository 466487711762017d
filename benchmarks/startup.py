"""Time whole partnerkit processes against Python's own floor; see issues 5 and 20, README "Performance".

Every command runs as a fresh process, in interleaved rounds (one run of each command per round,
the order rotating), so a noisy moment on the machine hits all commands alike. Medians are
compared with the floor `python -c "import rich.table, rich.console"`: the least a Rich CLI costs.
Peak memory is each child's own ru_maxrss, read with os.wait4 as it exits; its CPU time (user +
system) is read there too, and shown beside the wall time: on a shared machine it moves less.
Every figure of issue 20's table is printed beside its goal, with the machine's load.

    make bench                        # or: .venv/bin/python benchmarks/startup.py
    .venv/bin/python benchmarks/startup.py --quick            # a smoke run, a few seconds
    .venv/bin/python benchmarks/startup.py --rounds 20 --json out.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import pty
import random
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from rich.console import Console
from rich.table import Table

from partnerkit.guide.loading import load_guide
from partnerkit.guide.model import Guide
from partnerkit.worksheet.model import Action, Ask, Flag, LogEntry, Partner, Status, Worksheet
from partnerkit.worksheet.store import save

HERE = Path(__file__).resolve().parent
FLOOR = "import rich.table, rich.console"
NOT_AVAILABLE = "not available"
KIB = 1 if sys.platform == "darwin" else 1024  # ru_maxrss is bytes on macOS, KiB on Linux


@dataclass
class Bench:
    name: str
    argv: list[str]
    group: str  # "startup" (many rounds), "scale" (fewer), or "interview" (in a pseudo-terminal)
    goal_ms: float | None = None  # an absolute goal (issues 5 and 20)
    goal_ratio: float | None = None  # a goal as a multiple of the floor
    goal_mib: float | None = None
    goal_over: tuple[str, float] | None = None  # (another bench's name, ms): at most this much slower than it
    goal_over_floor: tuple[str, float] | None = None  # (another bench's name, x): slower than it by at most x floors
    status: str = "ok"  # or NOT_AVAILABLE, or "failed: ..."
    exit_code: int = 0  # what a working run exits with (1 for a hostile file, which must be refused)
    times_ms: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)
    peaks_mib: list[float] = field(default_factory=list)


# --- worksheets ---------------------------------------------------------------------------

WORDS = [
    "court", "watch", "families", "detention", "testimony", "organizers", "vigil", "congregation", "choir",
    "songs", "clergy", "union", "members", "solidarity", "youth", "campaign", "strategy", "neighbours", "trust",
    "accompaniment", "rapid", "response", "Shabbat", "kinot", "Eicha", "interfaith", "coalition", "shelter",
    "legal", "clinic", "hotline", "translation", "community",
]
NAMES = ["Dana", "Marisol", "Eli", "Rachel", "Sam", "Zoë", "José", "Chaya", "Noa", "Jürgen", "Amara", "Lê"]
ORGS = ["Unidos en la Lucha", "Congregation Beth Tikvah", "Comité de Défense", "Workmen's Circle",
        "Local 1031", "Jóvenes Sin Fronteras", "Interfaith Coalition for Justice", "Ōtsuka Tenants' Union"]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def partner(rng: random.Random, index: int, channels: tuple[str, ...]) -> Partner:
    why = " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(1, 3)))
    if index % 3 == 0:  # a hand-wrapped `|` block, as the example worksheet has
        why = textwrap.fill(why, 80) + "\n"
    when: dt.date | str = dt.date(2027, 5, 1) + dt.timedelta(days=index % 90)
    if index % 4 == 0:
        when = "after their general meeting"
    return Partner(
        organization=f"{rng.choice(ORGS)} #{index} (fictional)",
        why=why,
        ask=Ask(who=f"{rng.choice(NAMES)} and {rng.choice(NAMES)}", how=rng.choice(channels), when=when),
        status=list(Status)[index % len(Status)],
        notes=sentence(rng, rng.randint(6, 14)) if index % 5 == 0 else None,
        follow_up=dt.date(2027, 6, 1) + dt.timedelta(days=index % 30) if index % 4 == 1 else None,
        log=tuple(  # the history `partnerkit log` keeps: a few entries for asked and declined partners
            LogEntry(dt.date(2027, 5, 1) + dt.timedelta(days=n), rng.choice(NAMES), sentence(rng, rng.randint(5, 12)),
                     flag=Flag.HARM if index % 97 == 1 and n == 0 else None)
            for n in range(index % 4 if index % 4 in (1, 3) else 0)
        ),
    )


def write_worksheet(folder: Path, guide: Guide, count: int) -> Path:
    """A valid worksheet of `count` partners spread over the guide's categories."""
    rng = random.Random(count)
    ids = guide.category_ids
    partners: dict[str, list[Partner]] = {cid: [] for cid in ids}
    for index in range(count):
        partners[ids[index % len(ids)]].append(partner(rng, index, tuple(c.id for c in guide.channels) or ("email",)))
    worksheet = Worksheet(
        partners={cid: tuple(ps) for cid, ps in partners.items()},
        action=Action(name="Tisha b'Av vigil at the detention center", date=dt.date(2027, 8, 12), place="Elizabeth, NJ"),
    )
    path = folder / f"worksheet-{count}.yaml"
    save(path, worksheet, guide)
    return path


# A regional coordinator's week: `agenda` over every team's worksheet at once.
TEAMS, TEAM_PARTNERS, SEASON_DAYS = 100, 30, 84


def season(rng: random.Random, today: dt.date, status: Status) -> tuple[LogEntry, ...]:
    """A partner's log over the season so far (12 weeks): calls and replies, its answer, now and then a flag."""
    if status is Status.PLANNED:
        return ()
    days = sorted(rng.sample(range(1, SEASON_DAYS), rng.randint(3, 10)), reverse=True)
    entries = []
    for index, ago in enumerate(days):
        last = index == len(days) - 1
        entries.append(LogEntry(
            today - dt.timedelta(days=ago), rng.choice(NAMES), sentence(rng, rng.randint(5, 16)),
            status=Status.ASKED if index == 0 else status if last and status is not Status.ASKED else None,
            flag=Flag.HARM if index == 1 and rng.random() < 0.05 else None,
            addressed=Flag.HARM if index == 3 and entries[1].flag else None,
        ))
    return tuple(entries)


def write_team(folder: Path, guide: Guide, team: int, today: dt.date) -> Path:
    """One team's worksheet, `TEAM_PARTNERS` partners with a season of history; teams share some organizations."""
    rng = random.Random(team)
    ids = guide.category_ids
    partners: dict[str, list[Partner]] = {cid: [] for cid in ids}
    for index, number in enumerate(rng.sample(range(TEAMS * TEAM_PARTNERS // 4), TEAM_PARTNERS)):
        status = rng.choice(list(Status))
        when: dt.date | str = today + dt.timedelta(days=rng.randint(-30, 30)) if rng.random() < 0.8 else "after their general meeting"
        partners[ids[index % len(ids)]].append(Partner(
            organization=f"{ORGS[number % len(ORGS)]} #{number} (fictional)",
            why=" ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(1, 3))),
            ask=Ask(who=f"{rng.choice(NAMES)} and {rng.choice(NAMES)}", how=rng.choice(guide.channels).id, when=when),
            status=status,
            notes=sentence(rng, rng.randint(6, 14)) if rng.random() < 0.3 else None,
            follow_up=today + dt.timedelta(days=rng.randint(-7, 14)) if rng.random() < 0.3 else None,
            log=season(rng, today, status),
        ))
    worksheet = Worksheet(
        partners={cid: tuple(ps) for cid, ps in partners.items()},
        action=Action(name=f"Team {team}: vigil at the detention center", date=today + dt.timedelta(days=30 + team % 40), place="Elizabeth, NJ"),
        id=f"bench-team-{team}",
    )
    path = folder / "teams" / f"team-{team:03}.yaml"
    path.parent.mkdir(exist_ok=True)
    save(path, worksheet, guide)
    return path


# --- running ------------------------------------------------------------------------------


# Linux carries the parent's peak RSS into a child across exec, so children are started by this
# tiny process (a bare interpreter, ~8 MiB) rather than by the benchmark itself, which holds Rich,
# partnerkit and the worksheets. It times each run too, so the pipe is outside the measurement.
SPAWNER = r"""
import os, sys, time
for line in sys.stdin:
    stderr, *argv = line.rstrip("\n").split("\0")
    actions = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
               (os.POSIX_SPAWN_OPEN, 2, stderr, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)]
    start = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    print(elapsed, os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime, flush=True)
"""


class Spawner:
    """Runs argv to completion: (wall ms, exit code, the child's own peak RSS in MiB, its CPU ms)."""

    def __init__(self, env: dict[str, str]) -> None:
        argv = [sys.executable, "-I", "-S", "-c", SPAWNER]
        self.process = subprocess.Popen(argv, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def __call__(self, argv: list[str], stderr: str = os.devnull) -> tuple[float, int, float, float]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write("\0".join([stderr, *argv]) + "\n")
        self.process.stdin.flush()
        seconds, code, maxrss, cpu = self.process.stdout.readline().split()
        return float(seconds) * 1000, int(code), int(maxrss) * KIB / 2**20, float(cpu) * 1000

    def close(self) -> None:
        self.process.communicate()


def probe(bench: Bench, spawn: Spawner, scratch: Path) -> None:
    """One untimed run (it also warms caches): is the command in this build, and does it work?"""
    log = scratch / "stderr.txt"
    code = spawn(bench.argv, stderr=str(log))[1]
    errors = log.read_text(errors="replace")
    if code == 2 and ("No such command" in errors or "No such option" in errors):
        bench.status = NOT_AVAILABLE
    elif code != bench.exit_code:
        last = (errors.replace(f"{scratch}/", "").strip().splitlines() or ["?"])[-1]
        bench.status = f"failed (exit {code}): {last[:70]}"


def run_rounds(benches: list[Bench], rounds: int, spawn: Spawner) -> None:
    live = [b for b in benches if b.status == "ok"]
    for index in range(rounds):
        shift = index % len(live) if live else 0
        for bench in live[shift:] + live[:shift]:  # rotate so no command always runs first
            elapsed, code, peak, cpu = spawn(bench.argv)
            if code != bench.exit_code:
                bench.status = f"failed (exit {code}) in round {index + 1}"
            bench.times_ms.append(elapsed)
            bench.cpu_ms.append(cpu)
            bench.peaks_mib.append(peak)


FIRST_QUESTION = "What is the action called?"  # the bundled guide's first prompt


def first_prompt_ms(argv: list[str], env: dict[str, str], cwd: str) -> float:
    """From starting `partnerkit new` in a pseudo-terminal to its first question on the screen."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: run the interview on the pseudo-terminal
        os.chdir(cwd)
        os.execve(argv[0], argv, env)
    seen = b""
    try:
        while FIRST_QUESTION.encode() not in seen:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                raise TimeoutError(f"no first question within 10 s: {seen[-200:]!r}")
            seen += os.read(fd, 65536)
        return (time.perf_counter() - start) * 1000
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def time_first_prompts(benches: list[Bench], rounds: int, env: dict[str, str], scratch: Path) -> None:
    # pexpect-like terminals never answer prompt_toolkit's cursor-position request: don't wait for it.
    env = {**env, "TERM": "xterm-256color", "PROMPT_TOOLKIT_NO_CPR": "1"}
    for bench in benches:
        try:
            bench.times_ms = [first_prompt_ms(bench.argv, env, str(scratch)) for _ in range(rounds)]
        except (OSError, TimeoutError) as error:
            bench.status = f"failed: {str(error)[:70]}"


# Hostile files just under the 8 MiB limit: a flood of each line break YAML accepts, and of commas.
# Each must be refused by the size and node guards, at the cost of a count, never of a parse.
FLOODS = {"CR": b"- a\r", "NEL": "- a\x85".encode(), "U+2028": "- a\u2028".encode(), "U+2029": "- a\u2029".encode(), "commas": b"a,"}


def write_floods(folder: Path) -> dict[str, Path]:
    paths = {}
    for name, unit in FLOODS.items():
        path = paths[name] = folder / f"flood-{name}.yaml"
        head, tail = (b"version: 1\nk: [", b"]\n") if name == "commas" else (b"version: 1\nk:\n", b"")
        path.write_bytes(head + unit * ((8 * 2**20 - 64) // len(unit)) + tail)
    return paths


def hostile(floods: dict[str, Path], pk: str) -> list[Bench]:
    return [Bench(f"check 8 MiB flood of {name}", [pk, "check", str(path)], "scale", goal_ms=1000, goal_mib=100, exit_code=1) for name, path in floods.items()]


def plan(files: dict[int, Path], scale: tuple[int, ...], pk: str, teams: list[Path], scratch: Path, key: Path) -> list[Bench]:
    py = sys.executable
    small = str(files[20])
    encrypted = str(files[20]) + ".age"  # opened with `key`, from $PARTNERKIT_IDENTITY or -i
    benches = [
        Bench("python -c pass", [py, "-c", "pass"], "startup"),
        Bench("floor (import rich)", [py, "-c", FLOOR], "startup"),
        Bench("partnerkit --help", [pk, "--help"], "startup", goal_ratio=1.5),
        Bench("partnerkit show (20)", [pk, "show", small], "startup", goal_ratio=1.5),
        Bench("partnerkit check (20)", [pk, "check", small], "startup", goal_ratio=1.5),
        Bench("partnerkit agenda (20)", [pk, "agenda", small], "startup", goal_ratio=1.5),
        # .age, its key from $PARTNERKIT_IDENTITY (the quick path) and from -i KEY (an option: through Typer)
        Bench("show (20, .age, key in env)", [pk, "show", encrypted], "startup", goal_over=("partnerkit show (20)", 20)),
        Bench("show (20, .age, -i KEY)", [pk, "show", encrypted, "-i", str(key)], "startup", goal_over=("partnerkit show (20)", 20)),
        # The same commands with an option that changes nothing, so through Typer rather than the quick path.
        # What an option costs (Typer): at most a third of the 1.5x budget, half a floor.
        Bench("show -f table (20, Typer)", [pk, "show", "-f", "table", small], "startup", goal_over_floor=("partnerkit show (20)", 0.5)),
        Bench("check --format text (20, Typer)", [pk, "check", "--format", "text", small], "startup", goal_over_floor=("partnerkit check (20)", 0.5)),
        Bench("partnerkit guide", [pk, "guide"], "startup"),
        # writes: the entry is spliced into a copy of the 20-partner file (it grows by a line a run)
        Bench("partnerkit log (20)", [pk, "log", "--file", str(files[-20]), "#3 (fictional)", "Called; they'll discuss it."], "startup", goal_ratio=2.0),
        Bench("show -o FILE (20)", [pk, "show", "-f", "markdown", "-o", str(scratch / "out-20.md"), small], "startup", goal_ratio=2.0),
        Bench("new: first question", [pk, "new", "bench.yaml", "--no-resume", "--force"], "interview", goal_ms=300),
        Bench("new --plain: first question", [pk, "new", "bench.yaml", "--no-resume", "--force", "--plain"], "interview", goal_ms=300),
    ]
    for count in scale:
        path, big = str(files[count]), count >= 10_000
        name = f"{count:,}"
        benches.append(Bench(f"show ({name})", [pk, "show", path], "scale", goal_ms=2000 if big else 1000, goal_mib=100))
        benches.append(Bench(f"check ({name})", [pk, "check", path], "scale", goal_ms=1000 if big else None, goal_mib=100 if big else None))
        benches.append(Bench(f"agenda ({name})", [pk, "agenda", path], "scale", goal_ms=1000 if big else None, goal_mib=100 if big else None))
        if big:
            for fmt in ("csv", "json", "markdown", "html", "ics"):
                benches.append(Bench(f"show --format {fmt} ({name})", [pk, "show", "--format", fmt, path], "scale", goal_ms=1000, goal_mib=100))
            log = str(files[-count])
            benches.append(Bench(f"log ({name})", [pk, "log", "--file", log, "#3 (fictional)", "Called; they'll discuss it."], "scale", goal_ms=1000, goal_mib=100))
            # Every other command a team runs on its worksheet, on copies of their own (each left as it
            # can be run again): the brief's "each command under a second and 100 MiB".
            copy = {what: str(scratch / f"{what}-{count}.yaml") for what in ("age", "edit", "merge", "purge")}
            benches += [
                Bench(f"log ({name}, .age)", [pk, "log", "--file", copy["age"] + ".age", "#3 (fictional)", "Called."], "scale", goal_ms=1000, goal_mib=100),
                Bench(f"edit, no change ({name})", [pk, "edit", copy["edit"]], "scale", goal_ms=1000, goal_mib=100),  # EDITOR=true
                Bench(f"merge, 3-way, nothing new ({name})", [pk, "merge", copy["merge"], path, path], "scale", goal_ms=1000, goal_mib=100),
                Bench(f"purge ({name})", [pk, "purge", copy["purge"], "--yes", "--today", "2099-01-01"], "scale", goal_ms=1000, goal_mib=100),
            ]
    if teams:
        benches.append(Bench(f"agenda ({len(teams)} teams x {TEAM_PARTNERS})", [pk, "agenda", *map(str, teams)], "scale", goal_ms=1000, goal_mib=100))
    return benches


# --- reporting ----------------------------------------------------------------------------


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def verdict(bench: Bench, floor: float | None, others: dict[str, Bench]) -> str:
    ms, mib = median(bench.times_ms), max(bench.peaks_mib, default=None)
    if ms is None:
        return ""
    checks = []
    for goal, most in ((bench.goal_over, None), (bench.goal_over_floor, floor)):
        base = others[goal[0]].times_ms if goal and goal[0] in others else []
        if goal and base:
            # Round by round (both ran in each round): steadier than a difference of medians.
            extra = median([mine - theirs for mine, theirs in zip(bench.times_ms, base, strict=False)]) or 0.0
            allowed = goal[1] * most if most else goal[1]
            checks.append((extra <= allowed, f"{extra:+.0f} ms ≤ +{allowed:.0f} ms" + (f" ({goal[1]:g} floor)" if most else "")))
    if bench.goal_ratio and floor:
        checks.append((ms / floor <= bench.goal_ratio, f"≤ {bench.goal_ratio}x"))
    if bench.goal_ms:
        checks.append((ms < bench.goal_ms, f"< {bench.goal_ms / 1000:g} s"))
    if bench.goal_mib and mib is not None:
        checks.append((mib < bench.goal_mib, f"< {bench.goal_mib:g} MiB"))
    return ", ".join(("ok " if ok else "MISS ") + goal for ok, goal in checks)


def show_table(benches: list[Bench], floor: float | None, cpu_floor: float | None, load: str) -> None:
    table = Table(title="partnerkit: whole-process medians", caption=f'floor = python -c "{FLOOR}"; {load}')
    table.add_column("command", no_wrap=True)
    for header in ("median ms", "x floor", "cpu x floor", "peak MiB"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("goal (issues 5, 12, 20)")
    for bench in benches:
        ms, cpu = median(bench.times_ms), median(bench.cpu_ms)
        if bench.status != "ok" or ms is None:
            table.add_row(bench.name, "", "", "", "", bench.status, style="dim")
            continue
        ratio = f"{ms / floor:.2f}" if floor else ""
        cpu_ratio = f"{cpu / cpu_floor:.2f}" if cpu is not None and cpu_floor else ""  # not measured for the interview
        peak = f"{max(bench.peaks_mib):.0f}" if bench.peaks_mib else ""
        table.add_row(bench.name, f"{ms:.0f}", ratio, cpu_ratio, peak, verdict(bench, floor, {b.name: b for b in benches}))
    console = Console()
    if not console.is_terminal:  # piped or redirected: Rich would assume 80 columns
        console.width = max(console.width, 120)
    console.print(table)


def load_average() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:  # pragma: no cover - not on every system
        return (float("nan"),) * 3


def environment() -> dict[str, object]:
    import yaml

    def version(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    versions = {name: version(name) for name in ("partnerkit", "typer", "rich", "pyyaml", "pydantic", "questionary")}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True).stdout.strip()
    return {"python": sys.version.split()[0], "platform": platform.platform(), "cpus": os.cpu_count(),
            "libyaml": bool(yaml.__with_libyaml__), "versions": versions, "commit": commit}


def seal(paths: list[Path], scratch: Path) -> Path:
    """An encrypted copy of each worksheet (`path`.age) and a key that opens them; returns the key."""
    from partnerkit.files.age import Keyring, new_identity, recipients_path
    from partnerkit.files.writing import atomic_write
    from partnerkit.worksheet import store

    key = scratch / "key.txt"
    recipient = new_identity(key)
    for path in paths:
        locked = Path(f"{path}.age")
        atomic_write(recipients_path(locked), recipient + "\n")
        atomic_write(locked, store.sealed(locked, path.read_bytes(), Keyring(key)))
    return key


def passphrase_ms(path: Path, rounds: int) -> float:
    """What opening a passphrase file costs on top: age's scrypt (rage picks its work factor, ~1 s to lock)."""
    import time

    import pyrage

    data = pyrage.passphrase.encrypt(path.read_bytes(), "correct horse battery staple")
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        pyrage.passphrase.decrypt(data, "correct horse battery staple")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def save_results(path: Path, benches: list[Bench], floor: float | None, rounds: dict[str, int], extra: dict | None = None) -> None:
    rows = [dict(asdict(b), median_ms=median(b.times_ms), median_cpu_ms=median(b.cpu_ms), peak_mib=max(b.peaks_mib, default=None),
                 ratio=(median(b.times_ms) / floor) if floor and b.times_ms else None) for b in benches]
    report = {"when": dt.datetime.now().isoformat(timespec="seconds"), "floor": FLOOR, "floor_ms": floor,
              "rounds": rounds, "environment": environment(), "results": rows, **(extra or {})}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results: {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="start-up rounds (default 10); a third as many at scale")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 3 rounds, 1 at scale, 1,000 partners and 10 teams only")
    parser.add_argument("--json", type=Path, metavar="PATH", help="where to write results (default benchmarks/results/)")
    parser.add_argument("--partnerkit", metavar="PATH", default=str(Path(sys.executable).with_name("partnerkit")),
                        help="the command to time (default: the one beside this Python), e.g. a prototype launcher")
    parser.add_argument("--only", metavar="TEXT", help="time only the commands whose name holds TEXT (and the floor)")
    args = parser.parse_args(argv)
    rounds, scale_rounds, scale, teams = args.rounds, max(1, args.rounds // 3), (1_000, 10_000), TEAMS
    if args.quick:
        rounds, scale_rounds, scale, teams = 3, 1, (1_000,), 10
    env = {**os.environ, "COLUMNS": "100", "LINES": "40"}
    env.pop("PARTNERKIT_GUIDE", None)
    # Installed packages run from cached bytecode; without this an editable install recompiles
    # partnerkit's own modules on every run (some sandboxes set it) and the probe can't warm it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    pk = str(Path(args.partnerkit).resolve())
    before = load_average()
    with tempfile.TemporaryDirectory(prefix="partnerkit-bench-") as tmp:
        scratch, guide = Path(tmp), load_guide()
        files = {count: write_worksheet(scratch, guide, count) for count in (20, *scale)}
        for count in (20, *scale):  # `log` writes to its own copies
            files[-count] = Path(shutil.copy(files[count], scratch / f"log-{count}.yaml"))
        big = [count for count in scale if count >= 10_000]
        for count in big:  # so do edit, merge and purge; and log, encrypted
            for what in ("age", "edit", "merge", "purge"):
                shutil.copy(files[count], scratch / f"{what}-{count}.yaml")
        team_files = [write_team(scratch, guide, team, dt.date.today()) for team in range(teams)]
        env["PARTNERKIT_IDENTITY"] = str(seal([files[20], *(scratch / f"age-{count}.yaml" for count in big)], scratch))
        env["EDITOR"] = env["VISUAL"] = "true"  # `edit`, timed with no change: the editor closes at once
        benches = plan(files, scale, pk, team_files, scratch, Path(env["PARTNERKIT_IDENTITY"]))
        benches += hostile(write_floods(scratch), pk)
        if args.only:
            benches = benches[:2] + [b for b in benches[2:] if args.only in b.name]
        scrypt_ms = passphrase_ms(files[20], 1 if args.quick else 3)
        spawn = Spawner(env)
        try:
            for bench in benches:
                if bench.group != "interview":  # needs a terminal: timed by time_first_prompts
                    probe(bench, spawn, scratch)
            print(f"timing {rounds} start-up rounds and {scale_rounds} scale rounds...", file=sys.stderr, flush=True)
            run_rounds([b for b in benches if b.group == "startup"], rounds, spawn)
            run_rounds([b for b in benches if b.group == "scale"], scale_rounds, spawn)
        finally:
            spawn.close()
        time_first_prompts([b for b in benches if b.group == "interview"], rounds, env, scratch)
    after = load_average()
    floor, cpu_floor = median(benches[1].times_ms), median(benches[1].cpu_ms)
    load = f"load average {before[0]:.1f} before, {after[0]:.1f} after ({os.cpu_count()} CPUs)"
    show_table(benches, floor, cpu_floor, load)
    print(f"A passphrase file costs age's scrypt on top, once per open: {scrypt_ms:.0f} ms here (median).")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    save_results(args.json or HERE / "results" / f"startup-{stamp}.json", benches, floor, {"startup": rounds, "scale": scale_rounds},
                 {"passphrase_open_ms": scrypt_ms, "load_average": {"before": before, "after": after}})


if __name__ == "__main__":
    main()

"""A `thbgraph load --initial` child to kill, and the search for victims' values left in clear: shared by
the kill tests of the row pass (tests/test_bulk_kill_neo4j.py) and of the columnar pass
(tests/test_bulk_kill_columns_neo4j.py)."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

THBGRAPH = Path(sys.executable).with_name("thbgraph")


class Load:
    """One `thbgraph load --initial` child in a scratch home (never NEO4J_URI), its output gathered
    line by line."""

    def __init__(self, bundle: Path, home: Path, tmp: Path) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        env |= {"THBGRAPH_HOME": str(home), "TMPDIR": str(tmp)}
        self.process = subprocess.Popen([str(THBGRAPH), "load", "--initial", str(bundle)], env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def said(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    def wait_for(self, phase: str, ready: Callable[[], bool], timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while not ready():
            assert self.process.poll() is None, f"the load ended before {phase}:\n{''.join(self.lines)}"
            assert time.monotonic() < deadline, f"no sign of {phase} in {timeout} s:\n{''.join(self.lines)}"
            time.sleep(0.01)

    def kill_when(self, phase: str, ready: Callable[[], bool]) -> dict[int, str]:
        """SIGKILL once `ready`; returns the child processes it had then (pid: command line)."""
        self.wait_for(phase, ready)
        children = {child: cmdline(child) for child in children_of(self.process.pid)}
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.reader.join(10)
        return children

    def finish(self, timeout: float = 900) -> str:
        self.process.wait(timeout)
        self.reader.join(10)
        out = "".join(self.lines)
        assert self.process.returncode == 0, out
        return out


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def cmdline(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
    except OSError:
        return ""


def victims_values(bundle: Path, names_at_least: int) -> list[bytes]:
    """Names and identifiers that only victims hold (an identifier as given, and as stored: its spaces
    gone, as the normalised forms drop them), and inside no one else's: a file holding one holds a
    victim's value in clear. Each value is searched for through every file, so 30 of each kind,
    spread over its list (the generator's long-tailed names leave thousands of names a victim's only
    at 10,000 persons)."""
    def rows(name: str) -> list[dict[str, str]]:
        with (bundle / name).open() as f:
            return list(csv.DictReader(f))
    victims = {r["person_id"] for r in rows("roles.csv") if r["role"] == "victim"}
    persons, identifiers = rows("persons.csv"), rows("identifiers.csv")
    spellings: dict[str, set[str]] = {i["owner_id"]: set() for i in identifiers}
    for i in identifiers:
        spellings[i["owner_id"]] |= {i["value"], i["value"].replace(" ", "")}
    others = {p["name"] for p in persons if p["person_id"] not in victims} | {b["name"] for b in rows("businesses.csv")}
    others |= {v for owner, vs in spellings.items() if owner not in victims for v in vs}
    # A victim's "Dao Anh" is inside a suspect's "Dao Anh Son": only what no one else's value contains.
    blob = "\n".join(others)
    names = sorted(n for n in {p["name"] for p in persons if p["person_id"] in victims} if n not in blob)
    held = sorted(v for v in {v for owner, vs in spellings.items() if owner in victims for v in vs} if v not in blob)
    assert len(names) >= names_at_least and len(held) > 30
    return [v.encode() for v in names[::max(1, len(names) // 30)] + held[::len(held) // 30]]


def files_holding(folders: list[Path], values: list[bytes]) -> list[str]:
    """"file: value" for each value in clear in each file under `folders`. GNU grep reads each file once
    for all the values together (fixed strings, bytes, binary files as text); `value in data` in Python
    read every file once per value, some 60 times, 25 s after one kill. The files it names (none when
    all is well) are then searched value by value, for the message."""
    files = [path for folder in folders for path in folder.rglob("*") if path.is_file()]
    named: set[str] = set()
    for start in range(0, len(files), 500):  # within any command line's length
        found = subprocess.run(["grep", "--files-with-matches", "--null", "--text", "--fixed-strings", "--file=-", "--",
                                *map(str, files[start:start + 500])],
                               input=b"\n".join(values), capture_output=True, env={**os.environ, "LC_ALL": "C"})
        assert found.returncode in (0, 1), found.stderr.decode(errors="replace")  # 2: a file it could not read
        named |= {os.fsdecode(name) for name in found.stdout.split(b"\0") if name}
    hits = []
    for path in files:
        if str(path) in named:
            data = path.read_bytes()
            hits += [f"{path}: {v.decode()}" for v in values if v in data]
    return hits

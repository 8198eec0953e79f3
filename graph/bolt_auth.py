"""The local runtime's Bolt password: made per store, and found again by whoever connects to it.

Each store folder holds its own password (`bolt-password`, 0600): the launcher gives it to Neo4j,
so another user of the machine cannot read the graph through the loopback port. A process that
connects to a local runtime knows only its URI (a test's or benchmark's child, a CLI given
NEO4J_URI), so each running runtime is also listed, by port, in a folder only this user can read
(`bolt` in the jars' cache, THBGRAPH_CACHE: the same for every process of the user, whatever its
TMPDIR or THBGRAPH_HOME), with the pid of its JVM: an entry counts only while that JVM lives, so a
password is never sent to whatever listens on the port after it.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path
from urllib.parse import urlsplit

from graph.errors import LocalRuntimeError

USER = "neo4j"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def password_file(data_dir: Path) -> Path:
    return data_dir / "bolt-password"


def store_password(data_dir: Path) -> Path:
    """The store's password file, made (random, 0600) on first use."""
    path = password_file(data_dir)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))  # no leading '-' for neo4j-admin's parser to take as an option
    return path


def registry(cache: Path) -> Path:
    """This user's private folder of running runtimes; refused if anyone else could read or plant in it."""
    folder = cache / "bolt"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise LocalRuntimeError(f"{folder} lists the local runtimes' Bolt passwords, so it must be a folder of "
                                f"yours (uid {os.getuid()}) that no one else can open (chmod 700); it is not: "
                                "remove it, or set THBGRAPH_CACHE to a folder of your own")
    return folder


def remember(cache: Path, port: int, pid: int, password_file: Path) -> None:
    """List a started runtime: its port, its JVM's pid, its password, its store's folder."""
    entry = registry(cache) / f"{port}.json"
    scratch = entry.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({"pid": pid, "password": password_file.read_text().strip(), "store": str(password_file.parent)}, out)
    scratch.replace(entry)


def forget(cache: Path, port: int, pid: int) -> None:
    entry = registry(cache) / f"{port}.json"
    try:
        if json.loads(entry.read_text()).get("pid") == pid:
            entry.unlink()
    except (FileNotFoundError, ValueError):
        pass


def local_auth(cache: Path, uri: str) -> tuple[str, str] | None:
    """(user, password) of the live local runtime at `uri`, or None for any other server."""
    entry = _listed(cache, uri)
    return (USER, entry["password"]) if entry else None


def local_store(cache: Path, uri: str) -> Path | None:
    """The store folder of the live local runtime at `uri` (a full disk is said naming it), or None
    for any other server."""
    try:
        entry = _listed(cache, uri)
    except LocalRuntimeError:  # a folder of the cache that is not private: connecting says so
        return None
    return Path(entry["store"]) if entry and entry.get("store") else None


def _listed(cache: Path, uri: str) -> dict | None:
    parts = urlsplit(uri)
    if parts.hostname not in _LOOPBACK or parts.port is None:
        return None
    try:
        entry = json.loads((registry(cache) / f"{parts.port}.json").read_text())
    except (FileNotFoundError, ValueError):
        return None
    return entry if isinstance(entry, dict) and _ours_alive(entry.get("pid")) else None


def _ours_alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)  # PermissionError: another user's process now has that pid
    except OSError:
        return False
    try:  # and still the launcher, not a process of ours that was given its pid since
        return b"Launcher" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return not Path("/proc/self").exists()  # no /proc (not Linux): the pid must do

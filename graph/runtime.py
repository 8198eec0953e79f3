"""The local Neo4j runtime: Neo4j's own jars from Maven Central, run in a JVM.

For machines without Docker and without a server of their own. The jars are
fetched once by Maven into a cache outside git (graph/jars.py); a one-file Java
launcher starts the embedded database with only the Bolt connector, on 127.0.0.1.
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.bolt_auth import forget, remember, store_password
from graph.class_archive import archive_for, keep, launcher_jar, refused, sharing_flags
from graph.child_env import without_secrets
from graph.disk import full_error, require_room
from graph.errors import LocalRuntimeError
from graph.jars import ensure_runtime
from graph.settings import Settings
from graph.store_swap import finish_swap

# Java 17 hides these from Netty and Neo4j's page cache otherwise.
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
)
#: A flag that picks the garbage collector: the JVM refuses two, so the user's replaces ours.
_PICKS_GC = re.compile(r"-XX:\+Use\w*GC")


def jvm_flags(settings: Settings) -> list[str]:
    """The JVM options of every JVM thbgraph starts: ours, then THBGRAPH_JVM_FLAGS (validated by
    Settings, passed as separate arguments, never through a shell)."""
    own = settings.jvm_options
    ours = [f for f in JVM_FLAGS if not (_PICKS_GC.fullmatch(f) and any(_PICKS_GC.fullmatch(o) for o in own))]
    return [*ours, *own]


_PR_SET_PDEATHSIG = 1

#: Free space a start wants in the store's folder: an empty store takes 3 MB, its logs and first
#: writes some more; below this Neo4j stops with a "critical error" at its first checkpoint or load.
START_MB = 200
MOVE_HINT = "point THBGRAPH_HOME at a disk with room"


def die_with_parent() -> None:
    """For `preexec_fn`: the child is killed when the thread that started it dies (Linux only),
    so a load killed with SIGKILL leaves no JVM behind that holds or writes its store."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass
class LocalNeo4j:
    """One embedded Neo4j process with its data in `data_dir`."""

    settings: Settings
    data_dir: Path
    port: int
    process: subprocess.Popen | None = None
    #: The caller needs OpenGDS: loaded then unless THBGRAPH_GDS=off (always with "on").
    gds: bool = False
    #: The class archive this JVM writes at its stop (graph/class_archive.py), kept if it stops cleanly.
    _pending_archive: Path | None = field(default=None, repr=False)

    @property
    def loads_gds(self) -> bool:
        return self.settings.gds == "on" or (self.settings.gds == "auto" and self.gds)

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "neo4j-launcher.log"

    def command(self, runtime: Path) -> list[str]:
        classes = runtime / "classes"
        heap = [f"-Xmx{self.settings.heap_mb}m"] if self.settings.heap_mb else []
        jars = f"{runtime / 'lib'}/*" + (f"{os.pathsep}{runtime / 'plugins'}/*" if self.loads_gds else "")
        if classes.exists():
            classpath, main = f"{launcher_jar(runtime) or classes}{os.pathsep}{jars}", ["Launcher"]
        else:  # no javac: Java 17 runs the single source file directly
            classpath, main = jars, [str(runtime / "Launcher.java")]
        pagecache = self.settings.pagecache_mb * 1024 * 1024
        return ["java", *jvm_flags(self.settings), *heap, "-cp", classpath, *main, str(self.data_dir), str(self.port), str(pagecache),
                str(self.settings_path)]

    @property
    def settings_path(self) -> Path:
        return self.data_dir / "neo4j-settings.conf"

    def neo4j_settings(self, runtime: Path) -> dict[str, str]:
        """neo4j.conf settings beyond the launcher's own: the transaction limits, a prompt stop, and
        OpenGDS's procedures when loaded (from the runtime's plugins folder, which need
        unrestricted access to the kernel)."""
        limits = {"db.transaction.timeout": f"{self.settings.tx_timeout_s}s",
                  # At a stop, after the databases are closed, each of Bolt's two Netty groups waits a
                  # 5 s quiet period for tasks no one submits: 10 s of every stop (debug.log) for nothing.
                  "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
                  # Preallocated, each database's transaction log takes 256 MB of disk at once: an
                  # empty store took 517 MB, and the test suite's stores filled a machine's disk.
                  "db.tx_log.preallocate": "false"}
        if self.loads_gds:
            limits["server.directories.plugins"] = str(runtime / "plugins")
            limits["dbms.security.procedures.unrestricted"] = "gds.*"
        if self.settings.tx_memory_mb:
            limits["db.memory.transaction.max"] = f"{self.settings.tx_memory_mb}m"
        return limits

    def start(self, *, detach: bool = False, timeout: float = 180, say: Callable[[str], None] = print,
              bound: bool = False) -> str:
        """Start and wait until Neo4j answers; `bound`: the JVM dies with the calling thread."""
        runtime = ensure_runtime(self.settings, say)
        if port_open(self.port):
            raise LocalRuntimeError(
                f"Port {self.port} on 127.0.0.1 is already in use (another Neo4j?). "
                "Stop it, or choose another port with THBGRAPH_NEO4J_PORT."
            )
        require_room(self.data_dir, START_MB, "Starting Neo4j", MOVE_HINT)
        # The store holds the graph (victims' values sealed, the rest in clear): private, like its files.
        self.data_dir.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.data_dir.mkdir(mode=0o700, exist_ok=True)
        self.data_dir.chmod(0o700)  # a store made by an older version may be open to others
        finish_swap(self.data_dir)  # an imported store half swapped in when its load was killed
        self.settings_path.write_text("".join(f"{k}={v}\n" for k, v in self.neo4j_settings(runtime).items()))
        log = os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab")
        since = log.seek(0, os.SEEK_END)  # the log is kept across starts: only this one's READY counts
        # Bolt asks for this store's password (graph/bolt_auth.py): other users of the machine are kept out.
        password = store_password(self.data_dir)
        env = {**without_secrets(), "THBGRAPH_BOLT_PASSWORD_FILE": str(password)}
        command = self.command(runtime)
        archive = archive_for(command, self.settings.jvm_options) if self.settings.class_sharing else None
        # A detached JVM is stopped by another process: it maps an archive but never writes one.
        share, self._pending_archive = (sharing_flags(archive, write=not detach, log=self.data_dir / "neo4j-cds.log")
                                        if archive else ([], None))
        self.process = subprocess.Popen(
            [command[0], *share, *command[1:]], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
            start_new_session=detach, umask=0o077, preexec_fn=die_with_parent if bound else None,
        )
        log.close()
        try:
            self._wait_ready(timeout, since)
        except BaseException:
            # Interrupted too (Ctrl-C, a test run's or benchmark's SIGTERM): no JVM left writing into a
            # store that its caller's cleanup is removing.
            self.stop(archive=False)
            raise
        if archive and share and not self._pending_archive and refused(self.data_dir / "neo4j-cds.log"):
            archive.unlink(missing_ok=True)  # stale (another JDK, jars changed): written again at a clean stop
        try:
            remember(self.settings.cache, self.port, self.process.pid, password)
        except BaseException:
            self.stop()
            raise
        return self.uri

    def _wait_ready(self, timeout: float, since: int = 0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            logged = self._log_bytes()[since:]
            if b"No space left on device" in logged:  # Neo4j logs it and waits on, never ready
                self.stop(archive=False)
                raise full_error(self.data_dir, "Neo4j could not start", MOVE_HINT)
            if self.process and self.process.poll() is not None:
                raise LocalRuntimeError(f"Neo4j exited with code {self.process.returncode}:\n{self._log_tail()}")
            if b"READY " in logged and port_open(self.port):
                return
            time.sleep(0.05)  # a fifth of a second lost per start, on average, at 0.2 s (the test suite starts ~100)
        self.stop(archive=False)  # a JVM that never got ready has not loaded what a start loads
        raise LocalRuntimeError(f"Neo4j did not start within {timeout:.0f} s:\n{self._log_tail()}")

    def _log_bytes(self) -> bytes:
        try:
            return self.log_path.read_bytes()
        except FileNotFoundError:
            return b""

    def _log_tail(self, lines: int = 30) -> str:
        return "\n".join(self._log_bytes().decode(errors="replace").splitlines()[-lines:])

    def stop(self, timeout: float = 60, *, archive: bool = True) -> None:
        if self.process is None:
            return
        forget(self.settings.cache, self.port, self.process.pid)
        ended_before = self.process.poll() is not None
        if not ended_before:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._pending_archive:
            # Java exits with 143 after SIGTERM once its shutdown hooks (and the archive's dump) ran.
            keep(self._pending_archive, clean=archive and not ended_before and self.process.returncode == 128 + signal.SIGTERM)
            self._pending_archive = None


# --- the user's long-running database (`thbgraph neo4j start|stop|status`) ---

def _pid_file(settings: Settings) -> Path:
    return settings.home / "neo4j.json"


def running_local(settings: Settings) -> dict | None:
    """The user's local runtime if it is up: {"pid", "port", "uri", "data_dir"}."""
    try:
        info = json.loads(_pid_file(settings).read_text())
    except (FileNotFoundError, ValueError):
        return None
    if not _alive(info.get("pid", -1)) or not port_open(info.get("port", -1)):
        return None
    return info


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (OSError, ValueError):
        return False
    try:
        # Started by this very process (a notebook, a test) and ended: a zombie until reaped, which
        # signal 0 still reaches, so a stop waited its whole timeout for it. Reaped here, it is gone.
        ended, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # another process's: signal 0 said enough
        return True
    return ended == 0


def start_local(settings: Settings, say: Callable[[str], None] = print) -> dict:
    info = running_local(settings)
    if info:
        return info
    db = LocalNeo4j(settings, settings.home / "neo4j", settings.local_port)
    db.start(detach=True, say=say)
    assert db.process is not None
    info = {"pid": db.process.pid, "port": db.port, "uri": db.uri, "data_dir": str(db.data_dir)}
    _pid_file(settings).write_text(json.dumps(info))
    return info


def stop_local(settings: Settings, timeout: float = 60) -> bool:
    """Stop the user's local runtime; False when none was running."""
    info = running_local(settings)
    _pid_file(settings).unlink(missing_ok=True)
    if not info:
        return False
    forget(settings.cache, info["port"], info["pid"])
    os.kill(info["pid"], signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(info["pid"]) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(info["pid"]):
        os.kill(info["pid"], signal.SIGKILL)
    return True

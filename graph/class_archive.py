"""Java's class-data sharing for the local runtime's JVM: Neo4j's classes parsed and verified once,
then mapped by every later start (-XX:SharedArchiveFile); docs/benchmarks.md has the saving.

The first JVM that starts without an archive writes one when it is stopped cleanly
(-XX:ArchiveClassesAtExit), under a name of its own; only then is it renamed into place, so no JVM
ever maps half an archive and two writing at once do no harm. It lies beside the jars (the runtime
folder is keyed by the pom and launcher) and is named by the class path and the JVM, so OpenGDS's
class path and another JDK each get their own (and THBGRAPH_JVM_FLAGS options that could make the JVM
refuse an archive: `ARCHIVE_NEUTRAL`). A start removes the archives of any other JVM: each
JDK update would otherwise leave two more (125-161 MB each) that nothing maps again. An archive the JVM cannot use costs only the saving:
Java (-Xshare:auto, its default) starts without it, and the caller drops it to be written again.
A writer killed before its rename leaves its temporary (100+ MB): the next start drops it once its
process is gone, or once it is older than any dump takes (the process's id may be reused).
THBGRAPH_NEO4J_CDS=off leaves all of this out.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import time
import zipfile
from pathlib import Path

#: A temporary archive's name (`sharing_flags`): the archive's, the writing process's id, a random tag.
PENDING = re.compile(r"classes-[0-9a-f-]+\.jsa\.(?P<pid>[0-9]+)-[0-9a-f]+\.tmp")
#: An archive's name (`archive_for`): its class path's digest, then its JVM's.
ARCHIVE = re.compile(r"classes-[0-9a-f]+(-(?P<jvm>[0-9a-f]+))?\.jsa")
#: JVM options that leave an archive usable both ways (the collector, the JIT compilers and their
#: thresholds, thread stacks, logging, properties): a JVM with them maps the archive of one without,
#: and the other way round. Any other (-XX:-UseCompressedOops, -XX:ObjectAlignmentInBytes=16, a heap past 32 GB) can
#: make the JVM refuse it, so it names an archive of its own rather than each start dropping the other's.
ARCHIVE_NEUTRAL = re.compile(r"-XX:\+Use(Serial|Parallel|G1)GC|-XX:[+-]TieredCompilation"
                             r"|-XX:(TieredStopAtLevel|CICompilerCount|CompileThresholdScaling|Tier[0-9][A-Za-z]*Threshold|ReservedCodeCacheSize)=\S+"
                             r"|-Xss\S+|-Xlog\S*|-D\S+")
#: After this long a temporary is left over even if a process holds its id: a dump takes seconds.
STALE_AFTER_S = 3600.0

#: How the JVM says (at info level, in the start's CDS log) that it could not map the archive.
REFUSED = (b"UseSharedSpaces:", b"Specified shared archive not found")


def launcher_jar(runtime: Path) -> Path | None:
    """The compiled launcher in a jar of its own (CDS refuses a class path holding a non-empty
    directory); None where there is no compiled launcher (no javac: Java runs the source)."""
    jar = runtime / "launcher.jar"
    if jar.exists():
        return jar
    compiled = runtime / "classes" / "Launcher.class"
    if not compiled.exists():
        return None
    made = runtime / f".launcher-{os.getpid()}-{secrets.token_hex(4)}.jar"
    try:
        with zipfile.ZipFile(made, "w") as z:
            z.write(compiled, "Launcher.class")
        # A link, not a rename: the first jar made stays, so an archive made with it stays valid.
        os.link(made, jar)
    except FileExistsError:
        pass
    except OSError:
        return None  # a cache we cannot write to: the classes folder, without sharing
    finally:
        made.unlink(missing_ok=True)
    return jar


def _jvm_identity() -> str:
    java = shutil.which("java")
    if not java:
        return ""
    real = Path(java).resolve()
    libjvm = real.parent.parent / "lib" / "server" / "libjvm.so"
    stat = (libjvm if libjvm.exists() else real).stat()
    return f"{real}:{stat.st_size}:{stat.st_mtime_ns}"


def archive_for(command: list[str], extra: tuple[str, ...] | list[str] = ()) -> Path | None:
    """Where the archive for this JVM command lives; None when its class path cannot be shared.
    `extra`: the options THBGRAPH_JVM_FLAGS added; those that may change what an archive holds
    name an archive of their own (tests/test_class_archive.py)."""
    classpath = command[command.index("-cp") + 1]
    entries = classpath.split(os.pathsep)
    if any(not e.endswith((".jar", "/*")) for e in entries):
        return None  # a folder of classes: Java would refuse to write the archive
    runtime = Path(entries[-1].removesuffix("/*")).parent
    layout = [option for option in extra if not ARCHIVE_NEUTRAL.fullmatch(option)]
    digest = hashlib.sha256("\0".join([classpath, *layout]).encode()).hexdigest()[:12]
    jvm = hashlib.sha256(_jvm_identity().encode()).hexdigest()[:8]
    return runtime / f"classes-{digest}-{jvm}.jsa"


def drop_other_jvms(archive: Path) -> list[Path]:
    """Remove the archives beside `archive` that another JVM wrote (an earlier JDK, before an update;
    or named before the JVM was part of the name); return them. Linux keeps a file a running JVM
    maps until it exits."""
    jvm = ARCHIVE.fullmatch(archive.name)
    dropped = []
    for path in archive.parent.glob("classes-*.jsa"):
        named = ARCHIVE.fullmatch(path.name)
        if jvm is None or named is None or named["jvm"] == jvm["jvm"]:
            continue
        with contextlib.suppress(FileNotFoundError):  # another start got there first
            path.unlink()
            dropped.append(path)
    return dropped


def sharing_flags(archive: Path, *, write: bool, log: Path) -> tuple[list[str], Path | None]:
    """The JVM flags: map the archive when it is there, saying in `log` whether it could (an archive
    it cannot map is passed over silently otherwise); if it is not there and `write`, have this JVM
    write one at its exit to the path returned (put in place by `keep` once it has stopped cleanly).
    The archives of other JVMs are removed first."""
    drop_other_jvms(archive)
    if archive.exists():
        # Written afresh at each start (filecount=0: no rotation).
        return [f"-XX:SharedArchiveFile={archive}", f"-Xlog:cds=info:file={log}::filecount=0"], None
    if not write:
        return [], None
    drop_stale(archive.parent)
    pending = archive.with_name(f"{archive.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    # Quiet: the dump lists every class it skips (signed jars, failed preloads) in the launcher log.
    return [f"-XX:ArchiveClassesAtExit={pending}", "-Xlog:cds=error", "-Xlog:cds+dynamic=error"], pending


def keep(pending: Path, *, clean: bool) -> None:
    """After the JVM that wrote `pending` has exited: put it in place if it stopped cleanly."""
    try:
        if clean and pending.exists() and pending.stat().st_size:
            os.replace(pending, pending.with_name(pending.name.split(".jsa.")[0] + ".jsa"))
    finally:
        pending.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True


def drop_stale(runtime: Path) -> list[Path]:
    """Remove the temporary archives in `runtime` whose writer is gone (killed before `keep`); return them."""
    dropped = []
    for path in runtime.glob("classes-*.jsa.*.tmp"):
        named = PENDING.fullmatch(path.name)
        if named is None:
            continue
        with contextlib.suppress(FileNotFoundError):  # its writer, or another start, got there first
            if not _alive(int(named["pid"])) or time.time() - path.stat().st_mtime > STALE_AFTER_S:
                path.unlink()
                dropped.append(path)
    return dropped


def refused(log: Path) -> bool:
    """Whether the CDS log of a start says the JVM could not map its archive."""
    try:
        said = log.read_bytes()
    except FileNotFoundError:
        return False
    return any(marker in said for marker in REFUSED)

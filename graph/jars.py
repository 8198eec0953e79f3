"""Neo4j's jars for the local runtime (graph/runtime.py): fetched once by Maven from Maven
Central into the cache (`THBGRAPH_CACHE`, ~/.cache/thbgraph), with the launcher compiled
beside them; Java 17+ and Maven are checked first, and refused in words.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from graph.disk import require_room
from graph.errors import LocalRuntimeError
from graph.settings import Settings

MIN_JAVA = 17
#: The fetched runtime takes some 130 MB, Maven's own copy of the jars as much again, and each
#: class archive written at a clean stop (graph/class_archive.py) 120-160 MB.
FETCH_MB = 600
#: OpenGDS's Maven group: its jars go to the runtime's plugins folder.
GDS_GROUP = "org.neo4j.gds"
#: The runtime's marker that its jars carry no signatures (`unsign_jars`).
UNSIGNED = "UNSIGNED"
#: A jar's signature files: the signer's manifest digests and its certificate block.
_SIGNATURE = re.compile(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)", re.IGNORECASE)


def _java_source(name: str) -> bytes:
    return resources.files("graph").joinpath("java", name).read_bytes()


def neo4j_version() -> str:
    match = re.search(rb"<neo4j.version>([^<]+)</neo4j.version>", _java_source("pom.xml"))
    assert match, "graph/java/pom.xml names no neo4j.version"
    return match.group(1).decode()


def check_tools() -> None:
    """Refuse clearly when Java 17+ or Maven is missing."""
    java = shutil.which("java")
    if not java:
        raise LocalRuntimeError(
            "Java 17 or newer is needed for the local Neo4j runtime and none is on PATH. "
            "Install it (e.g. `apt-get install openjdk-17-jre-headless`), or point NEO4J_URI at a Neo4j server."
        )
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    match = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    major = int(match.group(1)) if match else 0
    if major == 1 and match and match.group(2):  # "1.8" style
        major = int(match.group(2))
    if major < MIN_JAVA:
        raise LocalRuntimeError(f"Java {MIN_JAVA}+ is needed for Neo4j 5.26; found: {out.splitlines()[0] if out else 'unknown'}")
    if not shutil.which("mvn"):
        raise LocalRuntimeError(
            "Maven is needed once to fetch Neo4j's jars and `mvn` is not on PATH. "
            "Install it (e.g. `apt-get install maven`), or point NEO4J_URI at a Neo4j server."
        )


def runtime_dir(settings: Settings) -> Path:
    # Keyed by the pom and launcher, so a version bump fetches afresh.
    digest = hashlib.sha256(_java_source("pom.xml") + _java_source("Launcher.java")).hexdigest()[:12]
    return settings.cache / f"neo4j-{neo4j_version()}-{digest}"


def ensure_runtime(settings: Settings, say: Callable[[str], None] = print) -> Path:
    """Fetch the jars and compile the launcher once; return the runtime folder."""
    target = runtime_dir(settings)
    if (target / "READY").exists():
        if not (target / UNSIGNED).exists():  # fetched before the jars were unsigned: once, in place
            try:
                unsign_jars(target / "lib", target / "plugins")
                (target / UNSIGNED).touch()
            except OSError:
                pass  # a cache we cannot write to: signed jars start slower, nothing more
        return target
    check_tools()
    require_room(settings.cache, FETCH_MB, "Fetching Neo4j's jars", "point THBGRAPH_CACHE at a disk with room")
    settings.cache.mkdir(parents=True, exist_ok=True)
    say(f"Fetching Neo4j {neo4j_version()} jars from Maven Central into {target} (once)...")
    # Built aside and renamed, so two runs at once never see half a runtime.
    work = Path(tempfile.mkdtemp(prefix="runtime-", dir=settings.cache))
    try:
        for name in ("pom.xml", "Launcher.java"):
            (work / name).write_bytes(_java_source(name))
        # One Maven run (each costs a JVM start and a resolution of the whole tree, some 4 CPU
        # seconds): every jar named by its group too, so that OpenGDS's can be sorted out.
        # -C: a jar whose checksum does not match fails the fetch (Maven only warns by default), the
        # guard against a damaged download that unsign_jars leaves to it.
        _run(["mvn", "-q", "-B", "-C", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
              f"-DoutputDirectory={work / 'lib'}", "-Dmdep.prependGroupId=true"], "Maven could not fetch Neo4j's jars")
        move_plugins(work / "lib", work / "plugins")
        unsign_jars(work / "lib", work / "plugins")
        (work / UNSIGNED).touch()
        if shutil.which("javac"):  # compiled once: starts faster than running the source
            _run(["javac", "-cp", f"{work / 'lib'}/*", "-d", str(work / "classes"), str(work / "Launcher.java")],
                 "javac could not compile the launcher")
        (work / "READY").write_text(neo4j_version())
        try:
            work.rename(target)
        except OSError:
            if not (target / "READY").exists():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def move_plugins(lib: Path, plugins: Path) -> list[str]:
    """Move OpenGDS's jars (`org.neo4j.gds.<artifact>-<version>.jar`, the group prefixed by Maven,
    subgroups included) from `lib` into `plugins`: Neo4j registers procedures only from jars in
    its plugins folder. Returns the names moved."""
    plugins.mkdir(exist_ok=True)
    moved = sorted(jar.name for jar in lib.glob(f"{GDS_GROUP}.*.jar"))
    for name in moved:
        (lib / name).rename(plugins / name)
    return moved


def unsign_jars(*folders: Path) -> list[str]:
    """Drop the signatures of the signed jars in `folders` (eclipse-collections, 12 MB, in Neo4j's
    class path); return the names changed. Java checks a signed jar's every class against its
    digests at each start, and class-data sharing leaves its classes out of the archive
    (graph/class_archive.py): 1.4 of a start's 4.5 CPU seconds (docs/benchmarks.md). The check
    trusts whatever certificate a jar carries, so it guards only against a damaged download, which
    Maven's checksums (strict, `-C`) already caught; no class is changed."""
    changed = []
    for jar in sorted(j for folder in folders if folder.is_dir() for j in folder.glob("*.jar")):
        with zipfile.ZipFile(jar) as z:
            if not any(_SIGNATURE.fullmatch(n) for n in z.namelist()):
                continue
            # Beside the jar, then renamed over it: a JVM that has it open keeps reading the old one.
            aside = jar.with_name(f".{jar.name}.{os.getpid()}.tmp")
            try:
                with zipfile.ZipFile(aside, "w") as out:
                    for info in z.infolist():
                        if _SIGNATURE.fullmatch(info.filename):
                            continue
                        data = z.read(info)
                        if info.filename.upper() == "META-INF/MANIFEST.MF":
                            data = _main_section(data)
                        out.writestr(info, data)
                os.replace(aside, jar)
            finally:
                aside.unlink(missing_ok=True)
        changed.append(jar.name)
    return changed


def _main_section(manifest: bytes) -> bytes:
    """The manifest without its per-entry sections when they hold only digests (a signature's
    part, 0.7 MB of lines that Java would parse at each start); as it was otherwise."""
    text = manifest.replace(b"\r\n", b"\n")
    main, _, entries = text.partition(b"\n\n")
    for line in entries.splitlines():
        if line and not line.startswith((b"Name:", b" ")) and not re.match(rb"[A-Za-z0-9-]+-Digest:", line):
            return manifest
    return main + b"\n\n"


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise LocalRuntimeError(f"{what} (exit {done.returncode}): {' '.join(cmd)}\n{tail}")

"""Neo4j's jars for the local runtime (graph/runtime.py): fetched once by Maven from Maven
Central into the cache (`THBGRAPH_CACHE`, ~/.cache/thbgraph), with the launcher compiled
beside them; Java 17+ and Maven are checked first, and refused in words.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
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
        _run(["mvn", "-q", "-B", "-f", str(work / "pom.xml"), "dependency:copy-dependencies",
              f"-DoutputDirectory={work / 'lib'}", "-Dmdep.prependGroupId=true"], "Maven could not fetch Neo4j's jars")
        move_plugins(work / "lib", work / "plugins")
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


def _run(cmd: list[str], what: str) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])
        raise LocalRuntimeError(f"{what} (exit {done.returncode}): {' '.join(cmd)}\n{tail}")

"""Class-data sharing for the local runtime's JVM (graph/class_archive.py): written once at a clean
stop, mapped afterwards, and never a reason for a start to fail (a stale archive is dropped)."""

from __future__ import annotations

import os
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from graph import class_archive, runtime
from graph.class_archive import archive_for, keep, launcher_jar, refused, sharing_flags
from graph.runtime import LocalNeo4j, ensure_runtime, free_port
from graph.settings import Settings

HELLO = 'public class Hello { public static void main(String[] a) { System.out.println("hello " + a.length); } }'


@pytest.fixture
def tiny_runtime(tmp_path: Path) -> Path:
    """A runtime folder shaped like Neo4j's (lib/*.jar), holding one small program."""
    source = tmp_path / "src" / "Hello.java"
    source.parent.mkdir()
    source.write_text(HELLO)
    subprocess.run(["javac", "-d", str(source.parent), str(source)], check=True)
    (tmp_path / "rt" / "lib").mkdir(parents=True)
    with zipfile.ZipFile(tmp_path / "rt" / "lib" / "hello.jar", "w") as jar:
        jar.write(source.parent / "Hello.class", "Hello.class")
    return tmp_path / "rt"


def run(command: list[str], share: list[str]) -> subprocess.CompletedProcess:
    done = subprocess.run([command[0], *share, *command[1:]], capture_output=True, text=True)
    assert done.returncode == 0 and "hello 0" in done.stdout, done.stdout + done.stderr
    return done


def test_an_archive_is_written_at_a_clean_exit_then_mapped(tiny_runtime):
    command = ["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"]
    archive = archive_for(command)
    assert archive is not None and archive.parent == tiny_runtime and not archive.exists()
    share, pending = sharing_flags(archive, write=True, log=tiny_runtime / 'cds.log')
    assert pending is not None and pending.parent == tiny_runtime
    run(command, share)
    assert pending.stat().st_size  # written to its own name: no JVM maps it half written
    keep(pending, clean=True)
    assert archive.exists() and not pending.exists()

    share, pending = sharing_flags(archive, write=True, log=tiny_runtime / 'cds.log')
    assert pending is None and share[0] == f"-XX:SharedArchiveFile={archive}"
    mapped = run(command, [*share, "-Xlog:class+load=info"])
    assert "Hello source: shared objects file (top)" in mapped.stdout
    assert (tiny_runtime / "cds.log").exists() and not refused(tiny_runtime / "cds.log")


def test_an_archive_from_an_unclean_exit_is_thrown_away(tiny_runtime):
    command = ["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"]
    archive = archive_for(command)
    assert archive is not None
    share, pending = sharing_flags(archive, write=True, log=tiny_runtime / 'cds.log')
    assert pending is not None
    run(command, share)
    keep(pending, clean=False)
    assert not pending.exists() and not archive.exists()
    assert sharing_flags(archive, write=False, log=tiny_runtime / 'cds.log') == ([], None)  # a detached JVM never writes one


def test_a_stale_archive_is_refused_and_the_jvm_runs_without_it(tiny_runtime):
    command = ["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"]
    archive = archive_for(command)
    assert archive is not None
    archive.write_bytes(b"not an archive" * 1000)
    share, _ = sharing_flags(archive, write=True, log=tiny_runtime / 'cds.log')
    run(command, share)
    assert refused(tiny_runtime / "cds.log")


def test_another_class_path_or_jvm_gets_its_own_archive(tiny_runtime, monkeypatch):
    plain = archive_for(["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"])
    with_plugins = archive_for(["java", "-cp", f"{tiny_runtime / 'lib'}/*:{tiny_runtime / 'plugins'}/*", "Hello"])
    assert plain and with_plugins and plain != with_plugins
    monkeypatch.setattr(class_archive, "_jvm_identity", lambda: "another JDK")
    assert archive_for(["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"]) != plain
    # A folder of classes on the class path: Java refuses to write an archive for it.
    assert archive_for(["java", "-cp", f"{tiny_runtime / 'classes'}:{tiny_runtime / 'lib'}/*", "Hello"]) is None


#: THBGRAPH_JVM_FLAGS as the suite sets them (tests/conftest.py): another collector and compiler.
SUITE_FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]


def test_an_archive_maps_across_collectors_and_compilers(tiny_runtime):
    """Written by a JVM with G1 and both compilers, mapped by one with Serial's collector and C1 alone
    (or C2 later, as the session's Neo4j), and the other way round: the suite's flags, the session's
    and a user's plain start share one archive."""
    from tests.conftest import SESSION_JVM_FLAGS  # noqa: PLC0415

    session = SESSION_JVM_FLAGS.split()
    command = ["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"]
    archive = archive_for(command)
    assert archive is not None and archive_for(command, SUITE_FLAGS) == archive == archive_for(command, session)
    for writer, reader in ((["-XX:+UseG1GC"], SUITE_FLAGS), (SUITE_FLAGS, ["-XX:+UseG1GC"]),
                           (["-XX:+UseG1GC"], session), (session, ["-XX:+UseG1GC"])):
        archive.unlink(missing_ok=True)
        share, pending = sharing_flags(archive, write=True, log=tiny_runtime / "cds.log")
        assert pending is not None
        run(command, [*writer, *share])
        keep(pending, clean=True)
        share, _ = sharing_flags(archive, write=True, log=tiny_runtime / "cds.log")
        mapped = run(command, [*reader, *share, "-Xlog:class+load=info"])
        assert "Hello source: shared objects file (top)" in mapped.stdout, (writer, reader)
        assert not refused(tiny_runtime / "cds.log")


def test_an_option_that_can_make_the_jvm_refuse_an_archive_names_its_own(tiny_runtime):
    """Without compressed oops the JVM cannot map an archive written with them: under one name, each
    start with the option would drop the plain starts' archive and the next plain start drop its."""
    command = ["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"]
    plain = archive_for(command)
    assert plain is not None
    share, pending = sharing_flags(plain, write=True, log=tiny_runtime / "cds.log")
    run(command, share)
    keep(pending, clean=True)  # type: ignore[arg-type]
    share, _ = sharing_flags(plain, write=True, log=tiny_runtime / "cds.log")
    run(command, ["-XX:-UseCompressedOops", *share])
    assert refused(tiny_runtime / "cds.log")
    assert archive_for(command, ["-XX:-UseCompressedOops"]) not in (None, plain)
    assert archive_for(command, [*SUITE_FLAGS, "-Xss1m", "-Dx=1", "-Xlog:gc"]) == plain


def test_only_the_current_jdks_archives_are_kept(tiny_runtime, monkeypatch):
    """A JDK update names new archives (125-161 MB each for Neo4j's two class paths): the old JDK's
    are removed at the next start, the current JDK's archive of the other class path is kept."""
    plain = ["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"]
    with_plugins = ["java", "-cp", f"{tiny_runtime / 'lib'}/*:{tiny_runtime / 'plugins'}/*", "Hello"]
    monkeypatch.setattr(class_archive, "_jvm_identity", lambda: "the JDK before its update")
    old = [archive_for(plain), archive_for(with_plugins)]
    monkeypatch.setattr(class_archive, "_jvm_identity", lambda: "the JDK now")
    archive, other = archive_for(plain), archive_for(with_plugins)
    assert archive and other and all(old) and archive not in old
    for path in (*old, other):
        path.write_bytes(b"archive" * 1000)  # type: ignore[union-attr]
    notes = tiny_runtime / "notes.jsa"  # not a name this module writes
    notes.write_bytes(b"")

    share, pending = sharing_flags(archive, write=True, log=tiny_runtime / "cds.log")
    assert pending is not None
    assert [p for p in old if p.exists()] == []  # type: ignore[union-attr]
    assert other.exists() and notes.exists()


def test_the_launcher_goes_into_a_jar_made_once(tmp_path):
    assert launcher_jar(tmp_path) is None  # no compiled launcher (no javac): Java runs the source
    (tmp_path / "classes").mkdir()
    (tmp_path / "classes" / "Launcher.class").write_bytes(b"\xca\xfe\xba\xbe")
    jar = launcher_jar(tmp_path)
    assert jar == tmp_path / "launcher.jar" and zipfile.ZipFile(jar).namelist() == ["Launcher.class"]
    first = jar.stat()
    assert launcher_jar(tmp_path) == jar and jar.stat().st_ino == first.st_ino  # kept: its archive stays valid
    assert sorted(p.name for p in tmp_path.iterdir()) == ["classes", "launcher.jar"]


def test_the_local_runtime_drops_an_archive_it_cannot_map_and_writes_a_good_one(tmp_path, monkeypatch):
    # Neo4j's jars, through links, in a runtime folder of the test's own: the shared cache's archives are left alone.
    real = ensure_runtime(Settings())
    folder = tmp_path / "runtime"
    folder.mkdir()
    for name in ("lib", "plugins", "classes"):
        if (real / name).exists():
            os.symlink(real / name, folder / name)
    monkeypatch.setattr(runtime, "ensure_runtime", lambda settings, say=print: folder)
    db = LocalNeo4j(Settings(), tmp_path / "db", free_port())
    archive = archive_for(db.command(folder))
    assert archive is not None and archive.parent == folder
    archive.write_bytes(b"stale" * 1000)

    db.start(say=lambda _: None)
    assert refused(db.data_dir / "neo4j-cds.log") and not archive.exists()  # refused at the start, so dropped
    db.stop()
    assert not archive.exists()  # a JVM started with an archive writes none

    db.start(say=lambda _: None)  # without one: this JVM writes it at its clean stop
    assert not archive.exists()
    db.stop()
    assert archive.exists() and archive.stat().st_size > 1_000_000
    assert not list(folder.glob("*.tmp"))


def test_sharing_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("THBGRAPH_NEO4J_CDS", "off")
    assert Settings().class_sharing is False
    monkeypatch.delenv("THBGRAPH_NEO4J_CDS")
    assert Settings().class_sharing is True


def test_a_temporary_left_by_a_dead_writer_is_dropped_at_the_next_start(tiny_runtime):
    archive = archive_for(["java", "-cp", f"{tiny_runtime / 'lib'}/*", "Hello"])
    assert archive is not None
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process id no one holds now
    dead = archive.with_name(f"{archive.name}.{gone.pid}-0badc0de.tmp")
    live = archive.with_name(f"{archive.name}.{os.getpid()}-c0ffee00.tmp")  # a writer still at work
    forgotten = archive.with_name(f"{archive.name}.{os.getpid()}-5ca1ab1e.tmp")  # its id since reused
    other = tiny_runtime / "notes.jsa.1.tmp"  # not a name this module writes
    sibling = archive.with_name("classes-0123456789ab-" + archive.name.rsplit("-", 1)[1])  # another class path's
    for path in (dead, live, forgotten, other, sibling):
        path.write_bytes(b"archive" * 1000)
    hours_ago = time.time() - 2 * 24 * 3600  # two days: past any bound on a dump
    os.utime(forgotten, (hours_ago, hours_ago))

    share, pending = sharing_flags(archive, write=True, log=tiny_runtime / "cds.log")
    assert pending is not None and not pending.exists()
    assert not dead.exists() and not forgotten.exists()
    assert live.exists() and other.exists() and sibling.exists()

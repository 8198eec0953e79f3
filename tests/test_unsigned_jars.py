"""The runtime's jars carry no signatures (graph/jars.py `unsign_jars`): Java would check a signed
jar's classes against its digests at every start, and leave them out of the class archive."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from graph import jars
from graph.settings import Settings

MAIN = b"Manifest-Version: 1.0\nAutomatic-Module-Name: org.example\n\n"
DIGESTS = b"Name: org/example/A.class\nSHA-256-Digest: abc=\n\nName: org/example/B.cl\n ass\nSHA-256-Digest: def=\n\n"


def _jar(path: Path, manifest: bytes, signed: bool) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("META-INF/MANIFEST.MF", manifest)
        z.writestr("org/example/A.class", b"\xca\xfe\xba\xbe A")
        z.writestr("META-INF/services/org.example.Api", b"org.example.A\n")
        if signed:
            z.writestr("META-INF/ECLIPSE_.SF", b"Signature-Version: 1.0\n")
            z.writestr("META-INF/ECLIPSE_.RSA", b"\x30\x82")
    return path


def signed(jar: Path) -> bool:
    with zipfile.ZipFile(jar) as z:
        return any(re.fullmatch(r"META-INF/[^/]+\.(SF|RSA|DSA|EC)", n, re.IGNORECASE) for n in z.namelist())


def test_a_signed_jar_loses_its_signature_and_digests_and_keeps_its_classes(tmp_path):
    lib, plugins = tmp_path / "lib", tmp_path / "plugins"
    lib.mkdir(), plugins.mkdir()
    one = _jar(lib / "signed.jar", MAIN + DIGESTS, signed=True)
    other = _jar(plugins / "signed-too.jar", MAIN + DIGESTS, signed=True)
    plain = _jar(lib / "plain.jar", MAIN, signed=False)
    untouched = plain.stat().st_mtime_ns, plain.read_bytes()
    assert jars.unsign_jars(lib, plugins) == ["signed.jar", "signed-too.jar"]
    for jar in (one, other):
        with zipfile.ZipFile(jar) as z:
            assert sorted(z.namelist()) == ["META-INF/MANIFEST.MF", "META-INF/services/org.example.Api",
                                            "org/example/A.class"]
            assert z.read("org/example/A.class") == b"\xca\xfe\xba\xbe A"
            assert z.read("META-INF/MANIFEST.MF") == MAIN  # the main section whole, the digests gone
    assert (plain.stat().st_mtime_ns, plain.read_bytes()) == untouched
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_manifest_with_more_than_digests_is_kept_whole(tmp_path):
    manifest = MAIN + b"Name: org/example/\nSealed: true\nSHA-256-Digest: abc=\n\n"
    jar = _jar(tmp_path / "sealed.jar", manifest, signed=True)
    jars.unsign_jars(tmp_path)
    with zipfile.ZipFile(jar) as z:
        assert z.read("META-INF/MANIFEST.MF") == manifest
    assert not signed(jar)


def test_a_runtime_fetched_with_signed_jars_is_unsigned_once_at_its_next_use(tmp_path):
    settings = Settings(THBGRAPH_CACHE=str(tmp_path))
    runtime = jars.runtime_dir(settings)
    (runtime / "lib").mkdir(parents=True)
    (runtime / "READY").write_text(jars.neo4j_version())
    jar = _jar(runtime / "lib" / "eclipse-collections.jar", MAIN + DIGESTS, signed=True)
    assert jars.ensure_runtime(settings) == runtime
    assert not signed(jar) and (runtime / jars.UNSIGNED).exists()


def test_the_real_runtime_has_no_signed_jar():
    runtime = jars.ensure_runtime(Settings(), say=lambda _: None)
    assert [j.name for j in sorted(runtime.glob("*/*.jar")) if signed(j)] == []

"""The shipped bundle (web/static/dist) is what the sources and the npm lockfile build, byte for byte."""

from __future__ import annotations

import gzip
import json

from web import assets

#: The aim of issue 14 for all the JavaScript (and CSS) a page loads.
AIM_GZIPPED = 400 * 1024


def test_the_shipped_files_match_their_manifest():
    assert assets.check() == []


def test_a_changed_file_is_caught(tmp_path):
    for source in assets.DIST.iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "network.js").write_bytes(b"/* tampered */" + (tmp_path / "network.js").read_bytes())
    (tmp_path / "extra.js").write_text("")
    assert assets.check(tmp_path) == ["extra.js: not in the manifest", "network.js: sha256 differs from the manifest"]


def test_a_rebuild_from_the_lockfile_gives_the_same_bytes():
    # npm ci installs exactly the lockfile, checking each package's integrity hash; the build is deterministic.
    assert assets.verify() == []


def test_what_a_page_loads_is_under_the_aim_and_nothing_comes_from_elsewhere():
    sizes = assets.gzipped()
    assert sum(sizes.values()) < AIM_GZIPPED, sizes
    manifest = assets.manifest()["files"]
    assert all(sizes[n] == len(gzip.compress((assets.DIST / n).read_bytes(), 9, mtime=0)) for n in sizes)
    assert {"htmx.js", "network.js", "network.css"} <= manifest.keys()
    for name in manifest:  # no CDN: the bundle imports only its own chunks
        text = (assets.DIST / name).read_text(errors="replace")
        assert "https://cdn" not in text and "unpkg.com" not in text and "jsdelivr" not in text, name
    pinned = json.loads((assets.JS / "package.json").read_text())["dependencies"]
    assert all(v[0].isdigit() for v in pinned.values()), pinned  # exact versions, no ranges

"""The shipped %%cypher extension (analyst/labextension/prebuilt) is what its sources build, and is
installed where JupyterLab looks for prebuilt extensions."""

from __future__ import annotations

import json
import shutil
import sys
import tomllib
from pathlib import Path

from analyst import labext
from tests.paths import ROOT


def test_the_shipped_build_records_its_sources_and_files():
    assert labext.check() == []
    recorded = labext.record()
    assert recorded["sources"].keys() == {"package.json", "package-lock.json", "webpack.config.js", "src/index.js"}
    assert any(name.startswith("static/remoteEntry.") for name in recorded["files"])
    shipped = json.loads((labext.PREBUILT / "package.json").read_text())
    assert shipped["name"] == labext.NAME
    assert (labext.PREBUILT / shipped["jupyterlab"]["_build"]["load"]).is_file()


def test_a_changed_source_or_built_file_is_caught(tmp_path):
    source = tmp_path / "labextension"
    shutil.copytree(labext.SOURCE, source, ignore=shutil.ignore_patterns("node_modules"))
    out = source / "prebuilt"
    assert labext.check(out, source) == []
    index = source / "src" / "index.js"
    index.write_text(index.read_text().replace("%%cypher", "%%sql"))
    entry = next(out.glob("static/remoteEntry.*.js"))
    entry.write_text("/* tampered */" + entry.read_text())
    (out / "static" / "extra.js").write_text("")
    assert labext.check(out, source) == [
        "src/index.js: changed since the extension was built: run `python -m analyst.labext build`",
        "prebuilt/static/extra.js: not in sources.json",
        f"prebuilt/static/{entry.name}: sha256 differs from sources.json",
    ]


def test_the_package_installs_the_build_where_jupyterlab_finds_it():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    target = f"share/jupyter/labextensions/{labext.NAME}"
    shipped = {p.relative_to(labext.PREBUILT).as_posix() for p in labext.PREBUILT.rglob("*") if p.is_file()}
    listed = set()
    for folder, patterns in data.items():
        if folder == target or folder.startswith(target + "/"):
            for pattern in patterns:
                for p in ROOT.glob(pattern):
                    listed.add((folder.removeprefix(target).strip("/") + "/" + p.name).lstrip("/"))
    assert listed == shipped
    # This environment (`make install`: the editable install's link) serves the shipped build.
    installed = Path(sys.prefix) / target
    assert installed.is_dir(), f"{installed} missing: run `make install`"
    assert labext.built(installed) == labext.built(), "the installed extension is not the shipped build"


def test_a_rebuild_from_the_lockfile_gives_the_same_bytes():
    # npm ci installs exactly the lockfile, checking each package's integrity hash; the build is deterministic.
    assert labext.verify() == []

"""The JupyterLab 4 extension that highlights `%%cypher` cells as Cypher (analyst/labextension),
and proof that its shipped build is what its sources make.

    python -m analyst.labext check    # the shipped build matches its sources and itself (no Node needed)
    python -m analyst.labext build    # npm ci + build into analyst/labextension/prebuilt (after changing src/)
    python -m analyst.labext verify   # npm ci + build anew in a scratch folder + compare, byte for byte

The build is @jupyterlab/builder's (webpack module federation) against the installed JupyterLab's
core package list (`jupyterlab/staging`), so `build` and `verify` need `make install-jupyter`'s
JupyterLab, Node and npm. The build is deterministic: the same sources, lockfile and JupyterLab
give the same bytes. `prebuilt/sources.json` records the sha256 of every source file and of every
built file; the package installs `prebuilt/` as share/jupyter/labextensions/thbgraph-cypher
(pyproject.toml's data-files; `make install` links it there for the editable install).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from service.shipped_build import build_command

NAME = "thbgraph-cypher"
SOURCE = Path(__file__).parent / "labextension"
PREBUILT = SOURCE / "prebuilt"
RECORD = "sources.json"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sources(root: Path = SOURCE) -> dict[str, str]:
    """sha256 of every file the build reads: package.json, the lockfile, the webpack settings and src/."""
    files = [root / "package.json", root / "package-lock.json", root / "webpack.config.js", *sorted((root / "src").glob("*.js"))]
    return {p.relative_to(root).as_posix(): _sha256(p) for p in files}


def built(out: Path = PREBUILT) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): _sha256(p) for p in sorted(out.rglob("*")) if p.is_file() and p.name != RECORD}


def record(out: Path = PREBUILT) -> dict:
    return json.loads((out / RECORD).read_text())


def check(out: Path = PREBUILT, root: Path = SOURCE) -> list[str]:
    """What differs between the sources (in root) and built files (in out) and what `out/sources.json`
    records (nothing: [])."""
    listed, now = record(out), sources(root)
    problems = []
    for name, digest in sorted(now.items()):
        if listed["sources"].get(name) != digest:
            problems.append(f"{name}: changed since the extension was built: run `python -m analyst.labext build`")
    for name in sorted(listed["sources"].keys() - now.keys()):
        problems.append(f"{name}: recorded as a source but gone")
    files = built(out)
    for name in sorted(files.keys() ^ listed["files"].keys()):
        problems.append(f"prebuilt/{name}: {'not in sources.json' if name in files else 'missing'}")
    for name in sorted(files.keys() & listed["files"].keys()):
        if files[name] != listed["files"][name]:
            problems.append(f"prebuilt/{name}: sha256 differs from sources.json")
    return problems


def core_path() -> Path:
    """JupyterLab's own package list, which says what the extension shares with it and does not bundle."""
    import jupyterlab  # noqa: PLC0415  (the `jupyter` extra; only building needs it)

    return Path(jupyterlab.__file__).parent / "staging"


def build(root: Path = SOURCE) -> None:
    """npm ci (exactly the lockfile, integrity-checked), then @jupyterlab/builder into root/prebuilt."""
    import jupyterlab  # noqa: PLC0415

    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=root, check=True)
    out = root / "prebuilt"
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run(["node", "node_modules/@jupyterlab/builder/lib/build-labextension.js", "--core-path", str(core_path()), "."],
                   cwd=root, check=True)
    listing = {"name": NAME, "jupyterlab": jupyterlab.__version__, "sources": sources(root), "files": built(out)}
    (out / RECORD).write_text(json.dumps(listing, indent=1, sort_keys=True) + "\n")


def verify() -> list[str]:
    """Rebuild from the sources and lockfile in a scratch folder; what differs from the shipped build."""
    problems = check()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "labextension"
        root.mkdir()
        for name in sources():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(SOURCE / name, root / name)
        build(root)
        anew, shipped = built(root / "prebuilt"), built()
        for name in sorted(anew.keys() | shipped.keys()):
            if anew.get(name) != shipped.get(name):
                problems.append(f"prebuilt/{name}: the shipped file is not what the sources build")
    return problems


def main(argv: list[str]) -> int:
    return build_command(argv, doc=__doc__, build=build, check=check, verify=verify,
                         matched="the shipped extension matches its sources")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

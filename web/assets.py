"""The built JavaScript and CSS the web app ships (web/static/dist), and proof they are what the
sources and the npm lockfile make.

    python -m web.assets check    # the shipped files match their manifest (no Node needed)
    python -m web.assets verify   # npm ci (lockfile integrity hashes) + build anew + compare, byte for byte
    python -m web.assets build    # npm ci + build into web/static/dist (after changing web/js)
    python -m web.assets size     # what a page loads, gzipped

The build is deterministic (web/js/build.mjs), so a rebuild from the same sources and lockfile
gives the same bytes: anyone can check that the shipped bundle hides nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from service.shipped_build import build_command

HERE = Path(__file__).parent
JS = HERE / "js"
DIST = HERE / "static" / "dist"
MANIFEST = "manifest.json"


class AssetsMismatch(Exception):
    pass


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(dist: Path = DIST) -> dict:
    return json.loads((dist / MANIFEST).read_text())


def check(dist: Path = DIST) -> list[str]:
    """What differs between the files in `dist` and its manifest (nothing: an empty list)."""
    listed = manifest(dist)
    problems = []
    if listed["lockfile_sha256"] != _sha256(JS / "package-lock.json"):
        problems.append("web/js/package-lock.json changed since the bundle was built: run `python -m web.assets build`")
    present = {p.name for p in dist.iterdir() if p.name != MANIFEST}
    for name in sorted(present ^ listed["files"].keys()):
        problems.append(f"{name}: {'not in the manifest' if name in present else 'missing'}")
    for name in sorted(present & listed["files"].keys()):
        if _sha256(dist / name) != listed["files"][name]["sha256"]:
            problems.append(f"{name}: sha256 differs from the manifest")
    return problems


def build(out: Path = DIST, js: Path = JS) -> None:
    # npm ci: exactly the lockfile, each package checked against its integrity hash.
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=js, check=True)
    subprocess.run(["node", "build.mjs", str(out)], cwd=js, check=True)


def verify() -> list[str]:
    """Rebuild from the sources and lockfile into a scratch folder; what differs from the shipped files."""
    problems = check()
    with tempfile.TemporaryDirectory() as scratch:
        # The sources copied, so that npm's install (node_modules) is removed with the scratch folder.
        js, out = Path(scratch) / "js", Path(scratch) / "dist"
        shutil.copytree(JS, js, ignore=shutil.ignore_patterns("node_modules"))
        build(out, js)
        built, shipped = manifest(out)["files"], manifest()["files"]
        for name in sorted(built.keys() | shipped.keys()):
            if built.get(name, {}).get("sha256") != shipped.get(name, {}).get("sha256"):
                problems.append(f"{name}: the shipped file is not what the sources build")
    return problems


def gzipped(names: tuple[str, ...] = ("htmx.js", "network.js", "network.css")) -> dict[str, int]:
    """Bytes gzipped (level 9) of what the network page loads, chunks included."""
    files = [*names, *(p.name for p in DIST.glob("chunk-*.js"))]
    return {n: len(gzip.compress((DIST / n).read_bytes(), 9, mtime=0)) for n in files}


def _size() -> int:
    sizes = gzipped()
    for name, size in sizes.items():
        print(f"{name:24} {size / 1024:8.1f} KB gzipped")
    print(f"{'total':24} {sum(sizes.values()) / 1024:8.1f} KB gzipped")
    return 0


def main(argv: list[str]) -> int:
    return build_command(argv, doc=__doc__, build=build, check=check, verify=verify,
                         matched="the shipped assets match", more={"size": _size})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Where the tests find the project's own files."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "ingest" / "sample"
KORSO = Path(__file__).parent / "data" / "korso.json"

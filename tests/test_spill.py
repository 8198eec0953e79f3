"""Validated rows kept on disk between validation and the write (ingest/spill.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from ingest import spill as spill_module
from ingest.spill import Spill, sweep_orphans


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill_module, "SPILL_BATCH", 3)


def test_rows_come_back_in_order_and_never_lie_on_disk_in_clear(small_batches: None) -> None:
    spill = Spill()
    rows = [{"person_id": f"P{i:03}", "name": f"Blessing Okafor {i}"} for i in range(10)]
    for row in rows:
        spill.add("persons", row)
    spill.flush("persons")
    on_disk = spill.path("persons").read_bytes()
    assert b"Okafor" not in on_disk and b"P001" not in on_disk
    assert list(spill.rows("persons")) == rows
    assert list(spill.rows("links")) == []
    spill.close()
    assert not spill.path("persons").parent.exists()


def test_an_altered_or_reordered_file_does_not_open(small_batches: None) -> None:
    spill = Spill()
    for i in range(6):
        spill.add("persons", {"person_id": f"P{i}"})
    spill.flush("persons")
    data = spill.path("persons").read_bytes()
    half = len(data) // 2  # two batches of the same size: swap them
    spill.path("persons").write_bytes(data[half:] + data[:half])
    with pytest.raises(InvalidTag):
        list(spill.rows("persons"))
    spill.path("persons").write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(InvalidTag):
        list(spill.rows("persons"))


def test_a_killed_loaders_rows_are_removed_by_the_next_and_a_live_ones_kept(tmp_path: Path, monkeypatch) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c",
         "import time; from ingest.spill import Spill; s = Spill(); s.add('persons', {'name': 'x'}); "
         "s.flush('persons'); print(s.path('persons'), flush=True); time.sleep(120)"],
        env={**os.environ, "TMPDIR": str(tmp_path)}, stdout=subprocess.PIPE, text=True,
    )
    written = Path(child.stdout.readline().strip())
    child.kill()
    child.wait()
    assert written.exists()  # SIGKILL: no clean-up ran
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    live = Spill()
    live.add("persons", {"name": "y"})
    live.flush("persons")
    assert not written.parent.exists()
    assert live.path("persons").exists()
    assert sweep_orphans(tmp_path) == []
    live.close()

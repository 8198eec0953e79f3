"""The probe replay's own pieces (bench/probe/), without a server (the replay itself runs for a minute: see docs/api.md,
"Replaying the security probe")."""

from __future__ import annotations

import io
import zipfile

import pytest

from bench.probe.common import Row
from bench.probe.limits import _lying_zip
from bench.probe.report import WIDTHS, table


def test_the_lying_zip_passes_the_size_check_and_fails_its_crc() -> None:
    archive = zipfile.ZipFile(io.BytesIO(_lying_zip()))
    persons = archive.getinfo("persons.csv")
    assert persons.file_size == 100  # what the central directory claims
    with pytest.raises(zipfile.BadZipFile):
        archive.read(persons)


def test_the_table_wraps_every_cell_to_its_column() -> None:
    row = Row("3", "a " * 100, "b " * 50, "c" * 300, "holds")
    lines = table([row]).splitlines()
    width = sum(WIDTHS.values()) + 3 * (len(WIDTHS) - 1)
    assert all(len(line) <= width for line in lines), max(map(len, lines))
    assert "c" * WIDTHS["observed"] in table([row]) and lines[2].endswith("holds")

"""Query results and analysis results as pandas DataFrames, with victims pseudonymised."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, is_dataclass
from typing import Any

import pandas as pd

from service.cypher_guard import CypherResult
from service.redact import VictimIndex, redact_value


def result_frame(result: CypherResult, index: VictimIndex) -> pd.DataFrame:
    """Victims' nodes cut to the allowed fields (first layer), then every string searched for
    every victim's identifying values (second layer), column names included."""
    rows = index.scrub(redact_value(result.rows, index))
    frame = pd.DataFrame(rows, columns=index.scrub(result.columns))
    frame.attrs["truncated"] = result.truncated
    return frame


def records_frame(records: Iterable[Any], index: VictimIndex) -> pd.DataFrame:
    """Rows from an analysis (dicts, dataclasses or objects with `to_dict`), scrubbed like a result."""
    return pd.DataFrame(index.scrub(plain_rows(records)))


def plain_rows(records: Iterable[Any]) -> list[Any]:
    """Analysis records as dicts (a DataFrame's rows)."""
    return [_plain(r) for r in records]


def _plain(record: Any) -> Any:
    if hasattr(record, "to_dict"):
        return record.to_dict()
    if is_dataclass(record) and not isinstance(record, type):
        return asdict(record)
    return record

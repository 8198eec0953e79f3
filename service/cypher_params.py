"""Analysts' Cypher parameters across JSON, arriving as what they are.

JSON has strings, numbers, lists and maps only. Sent as such, a Python `date` became text and
`l.since >= $d` compared a DATE with a STRING: no row, no error (analyst review, task 16). So
the notebook session encodes what JSON cannot say as a tagged map, `{"$type": "date", "value":
"2020-01-01"}`, and the service decodes it back to the Python value the driver sends as the
Neo4j type (DATE, LOCAL DATETIME, DATETIME, LOCAL TIME, TIME, DURATION, a non-finite FLOAT,
BYTES). numpy and pandas values (an `int64` cell, a Series, a Timestamp) become their plain
Python equivalents first. What has no Neo4j type (a Decimal, an object) is refused, naming the
parameter, rather than sent as its text.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from graph.errors import ThbgraphError

TYPE = "$type"


class ParameterRefused(ThbgraphError, ValueError):
    """A parameter that cannot reach Cypher as a Neo4j value; the message names it."""


# -- the notebook's side ------------------------------------------------------------------------
def encode(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as JSON values, typed values tagged; ParameterRefused naming the first bad one."""
    return {str(name): _encode(value, f"${name}") for name, value in parameters.items()}


def plain(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as the Python values the driver sends as Neo4j types (numpy and pandas values
    made plain): what a direct session runs with, so both sessions take the same parameters."""
    return decode(encode(parameters))


def _encode(value: Any, where: str) -> Any:  # noqa: PLR0911, PLR0912 (one branch per kind of value)
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {TYPE: "float", "value": str(value)}
    if hasattr(value, "to_native"):  # a neo4j.time value
        return _encode(value.to_native(), where)
    module = type(value).__module__.split(".")[0]
    if module in {"numpy", "pandas"}:
        return _encode(_from_numpy_or_pandas(value, where), where)
    if isinstance(value, dt.datetime):
        return {TYPE: "datetime" if value.utcoffset() is not None else "localdatetime", "value": value.isoformat()}
    if isinstance(value, dt.date):
        return {TYPE: "date", "value": value.isoformat()}
    if isinstance(value, dt.time):
        return {TYPE: "time" if value.utcoffset() is not None else "localtime", "value": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {TYPE: "duration", "value": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, bytes | bytearray):
        return {TYPE: "bytes", "value": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Mapping):
        if TYPE in value:
            raise ParameterRefused(f"parameter {where}: a map may not have the key {TYPE!r} (it tags typed values)")
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise ParameterRefused(f"parameter {where}: a map's keys must be text, not {type(k).__name__}")
            out[k] = _encode(v, f"{where}.{k}")
        return out
    if isinstance(value, list | tuple | set | frozenset):
        return [_encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
    hint = " (convert it with float() or str())" if type(value).__name__ == "Decimal" else ""
    raise ParameterRefused(f"parameter {where}: a {type(value).__name__} has no Neo4j type{hint}; send text, "
                           "numbers, booleans, dates, datetimes, times, durations, bytes, or lists and maps of them")


def _from_numpy_or_pandas(value: Any, where: str) -> Any:
    import numpy as np  # noqa: PLC0415 (only when such a value is sent)
    import pandas as pd  # noqa: PLC0415

    if isinstance(value, pd.Series | pd.Index | np.ndarray):
        return list(value)
    if value is pd.NaT or (isinstance(value, np.datetime64) and np.isnat(value)):
        return None
    if isinstance(value, pd.Timestamp | np.datetime64):
        stamp = pd.Timestamp(value)
        if stamp.nanosecond:
            raise ParameterRefused(f"parameter {where}: {stamp} has nanoseconds; round it to microseconds first")
        return stamp.to_pydatetime()
    if isinstance(value, pd.Timedelta | np.timedelta64):
        return pd.Timedelta(value).to_pytimedelta()
    if isinstance(value, np.generic):
        return value.item()  # int64 -> int, float32 -> float, bool_ -> bool, str_ -> str
    if value is pd.NA:
        return None
    raise ParameterRefused(f"parameter {where}: a {type(value).__module__}.{type(value).__name__} has no Neo4j type")


# -- the service's side -------------------------------------------------------------------------
_DECODERS = {
    "date": lambda v: dt.date.fromisoformat(v),
    "localdatetime": lambda v: _naive(dt.datetime.fromisoformat(v)),
    "datetime": lambda v: _aware(dt.datetime.fromisoformat(v)),
    "localtime": lambda v: _naive(dt.time.fromisoformat(v)),
    "time": lambda v: _zoned_time(_aware(dt.time.fromisoformat(v))),
    "duration": lambda v: dt.timedelta(days=v[0], seconds=v[1], microseconds=v[2]),
    "float": lambda v: _non_finite(float(v)),
    "bytes": lambda v: base64.b64decode(v, validate=True),
}


def decode(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Tagged values back to Python's date, datetime, ...; ParameterRefused naming a bad one."""
    return {name: _decode(value, f"${name}") for name, value in parameters.items()}


def _decode(value: Any, where: str) -> Any:
    if isinstance(value, dict):
        if TYPE in value:
            kind = value[TYPE]
            if set(value) != {TYPE, "value"} or kind not in _DECODERS:
                raise ParameterRefused(f"parameter {where}: a typed value is {{{TYPE!r}: one of "
                                       f"{', '.join(sorted(_DECODERS))}, 'value': ...}}, not {value!r:.200}")
            try:
                return _DECODERS[kind](value["value"])
            except (TypeError, ValueError, IndexError) as e:
                raise ParameterRefused(f"parameter {where}: {value['value']!r:.100} is not a {kind} ({e})") from None
        return {k: _decode(v, f"{where}.{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def _naive(value: Any) -> Any:
    if value.utcoffset() is not None:
        raise ValueError("it has a time zone")
    return value


def _aware(value: Any) -> Any:
    if value.utcoffset() is None:
        raise ValueError("it has no time zone")
    return value


class _Offset(dt.tzinfo):
    """A fixed offset the driver can read off a time: `datetime.timezone.utcoffset` takes a
    datetime only, and the driver asks it with a time."""

    def __init__(self, offset: dt.timedelta) -> None:
        self.offset = offset

    def utcoffset(self, _: object) -> dt.timedelta:
        return self.offset

    def dst(self, _: object) -> None:
        return None

    def tzname(self, _: object) -> str:
        return str(dt.timezone(self.offset))


def _zoned_time(value: dt.time) -> dt.time:
    return value.replace(tzinfo=_Offset(value.utcoffset() or dt.timedelta()))


def _non_finite(value: float) -> float:
    if math.isfinite(value):
        raise ValueError("finite numbers travel as JSON numbers")
    return value

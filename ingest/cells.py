"""How a bundle's cell becomes a typed value (dates, booleans, numbers, countries), and a row's
problems in the words of the investigator who typed the CSV (`error_message`)."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import ErrorDetails, PydanticCustomError

from ingest.vocabulary import COUNTRIES

__all__ = ["Bool", "Country", "Date", "Number", "error_message", "row_error"]

_OWN = "thbgraph_"


def row_error(kind: str, message: str) -> PydanticCustomError:
    """A problem in our words, kept as written by `error_message`."""
    # No context is passed, so pydantic keeps the message as written (braces included).
    return PydanticCustomError(_OWN + kind, message)


def error_message(error: ErrorDetails) -> str:
    """Our words for one pydantic error: ours are final, pydantic's get the bad input quoted."""
    if error["type"] == "missing":
        return "required value is missing"
    if error["type"].startswith(_OWN):
        return error["msg"]
    if error["type"] == "literal_error":  # expected: "'a', 'b' or 'c'"
        allowed = str(error.get("ctx", {}).get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"{error['input']!r} is not one of: {allowed}"
    return f"{error['msg'][:1].lower()}{error['msg'][1:]}: {error['input']!r}"


def _to_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise row_error("date", f"not a date: {value!r} (write YYYY-MM-DD)")


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
    raise row_error("boolean", f"not a boolean: {value!r} (write true or false)")


def _to_number(value: Any) -> float:
    number = math.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            pass
    if not math.isfinite(number):
        raise row_error("number", f"not a number: {value!r}")
    return number


def _to_country(value: str) -> str:
    code = value.upper()
    if code not in COUNTRIES:
        raise row_error("country", f"not an ISO 3166 alpha-2 country code: {value!r}")
    return code


Date = Annotated[date, BeforeValidator(_to_date)]
Bool = Annotated[bool, BeforeValidator(_to_bool)]
Number = Annotated[float, BeforeValidator(_to_number)]
Country = Annotated[
    str, AfterValidator(_to_country), WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$"})
]

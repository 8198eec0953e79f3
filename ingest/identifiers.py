"""Normalise identifiers (phones, accounts, addresses...) so one thing written two ways is one value.

Shared identifiers are how separate people and firms turn out to be connected: a phone
written "+47 412 34 567" by one officer and "0047 41234567" by another must match.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, get_args

import phonenumbers

__all__ = ["IdentifierKind", "IDENTIFIER_KINDS", "normalise"]

IdentifierKind = Literal["phone", "email", "bank_account", "address", "vehicle", "online_handle", "passport"]
IDENTIFIER_KINDS: tuple[str, ...] = get_args(IdentifierKind)

_SPACES = re.compile(r"\s+")
_SPACES_AND_DASHES = re.compile(r"[\s\-]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ALNUM = re.compile(r"[A-Z0-9]+")
_TRAILING_PUNCTUATION = ".,;:!?"


def _phone(value: str, region: str | None) -> str:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException as e:
        if region is None and e.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            raise ValueError(f"not a phone number: {value!r} (write it with + and the country code)") from None
        raise ValueError(f"not a phone number: {value!r}") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"not a valid phone number: {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value: str) -> str:
    email = value.strip().lower()
    if not _EMAIL.fullmatch(email):
        raise ValueError(f"not an e-mail address: {value!r}")
    return email


def _bank_account(value: str) -> str:
    # IBANs and domestic numbers are written in groups; dots too ("8601.11.17947").
    account = re.sub(r"[\s\-.]+", "", value).upper()
    if not (_ALNUM.fullmatch(account) and 5 <= len(account) <= 34):
        raise ValueError(f"not a bank account number: {value!r}")
    return account


def _address(value: str) -> str:
    address = _SPACES.sub(" ", value.casefold()).strip().rstrip(_TRAILING_PUNCTUATION).strip()
    if not address:
        raise ValueError(f"not an address: {value!r}")
    return address


def _code(what: str) -> Callable[[str], str]:
    """Plates and passport numbers: letters and digits, however they were spaced."""

    def normalise_code(value: str) -> str:
        code = _SPACES_AND_DASHES.sub("", value).upper()
        if not _ALNUM.fullmatch(code):
            raise ValueError(f"not a {what}: {value!r} (letters and digits only)")
        return code

    return normalise_code


def _online_handle(value: str) -> str:
    handle = value.strip().casefold().lstrip("@")
    if not handle or _SPACES.search(handle):
        raise ValueError(f"not an online handle: {value!r}")
    return handle


_BY_KIND: dict[str, Callable[[str], str]] = {
    "email": _email,
    "bank_account": _bank_account,
    "address": _address,
    "vehicle": _code("vehicle registration"),
    "passport": _code("passport number"),
    "online_handle": _online_handle,
}


def normalise(kind: str, value: str, default_region: str | None = "NO") -> str:
    """The canonical form of an identifier; raise ValueError naming the bad value.

    Phones become E.164; `default_region` (ISO 3166 alpha-2) places numbers written
    without a country code, and None demands one.

    >>> normalise("phone", "0047 912 34 567")
    '+4791234567'
    >>> normalise("address", "Tollbugata 14B,  0152 OSLO.")
    'tollbugata 14b, 0152 oslo'
    """
    if kind == "phone":
        return _phone(value, default_region)
    try:
        return _BY_KIND[kind](value)
    except KeyError:
        raise ValueError(f"unknown identifier kind {kind!r}") from None

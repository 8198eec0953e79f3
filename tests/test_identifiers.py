"""Identifier normalisation: one thing written many ways is one value."""

from __future__ import annotations

import pytest

from ingest.identifiers import IDENTIFIER_KINDS, normalise


@pytest.mark.parametrize(
    "kind, written, region, expected",
    [
        ("phone", "+47 912 34 567", "NO", "+4791234567"),
        ("phone", "0047 91234567", "NO", "+4791234567"),
        ("phone", "91234567", "NO", "+4791234567"),
        ("phone", "912-34-567", "NO", "+4791234567"),
        ("phone", "+40 744 512 390", "NO", "+40744512390"),
        ("phone", "+40 744 512 390", None, "+40744512390"),
        ("phone", "(212) 555-0123", "US", "+12125550123"),
        ("phone", "07400 123456", "GB", "+447400123456"),
        ("email", "  Arvid.Lunde@GlansBilvask.NO ", "NO", "arvid.lunde@glansbilvask.no"),
        ("bank_account", "NO93 8601 1117 947", "NO", "NO9386011117947"),
        ("bank_account", "no93-8601-1117-947", "NO", "NO9386011117947"),
        ("bank_account", "8601.11.17947", "NO", "86011117947"),
        ("address", "Tollbugata 14B,  0152 OSLO.", "NO", "tollbugata 14b, 0152 oslo"),
        ("address", " Straße 5,\n Berlin ", "NO", "strasse 5, berlin"),
        ("vehicle", "el-12 345", "NO", "EL12345"),
        ("passport", "fx 402-117", "NO", "FX402117"),
        ("online_handle", "@Ion.Jobs.Norway", "NO", "ion.jobs.norway"),
    ],
)
def test_normalise(kind: str, written: str, region: str | None, expected: str) -> None:
    assert normalise(kind, written, region) == expected


def test_default_region_is_norway() -> None:
    assert normalise("phone", "41234567") == normalise("phone", "0047 412 34 567") == "+4741234567"


@pytest.mark.parametrize(
    "kind, written, region, message",
    [
        ("phone", "12345678", "NO", "not a valid phone number: '12345678'"),
        ("phone", "call me", "NO", "not a phone number: 'call me'"),
        ("phone", "91234567", None, "not a phone number: '91234567' (write it with + and the country code)"),
        ("email", "lena.berg(at)example.no", "NO", "not an e-mail address: 'lena.berg(at)example.no'"),
        ("email", "a@b@c.no", "NO", "not an e-mail address: 'a@b@c.no'"),
        ("bank_account", "NO93 8601 1117 947 ÆØÅ", "NO", "not a bank account number: 'NO93 8601 1117 947 ÆØÅ'"),
        ("bank_account", "12", "NO", "not a bank account number: '12'"),
        ("address", " .,; ", "NO", "not an address: ' .,; '"),
        ("vehicle", "EL/12345", "NO", "not a vehicle registration: 'EL/12345' (letters and digits only)"),
        ("passport", "Nr. 123", "NO", "not a passport number: 'Nr. 123' (letters and digits only)"),
        ("online_handle", "@ion jobs", "NO", "not an online handle: '@ion jobs'"),
        ("online_handle", "@", "NO", "not an online handle: '@'"),
        ("fax", "123", "NO", "unknown identifier kind 'fax'"),
    ],
)
def test_invalid_values_say_what_is_wrong(kind: str, written: str, region: str | None, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        normalise(kind, written, region)
    assert str(caught.value) == message


def test_every_kind_has_a_normaliser() -> None:
    samples = {
        "phone": "+4791234567",
        "email": "a@b.no",
        "bank_account": "NO9386011117947",
        "address": "storgata 1, 0155 oslo",
        "vehicle": "EL12345",
        "online_handle": "ion",
        "passport": "FX402117",
    }
    assert set(samples) == set(IDENTIFIER_KINDS)
    for kind, value in samples.items():
        assert normalise(kind, value) == value, kind  # normal forms are fixed points

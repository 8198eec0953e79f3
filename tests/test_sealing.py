"""Sealing victims' values: pure tests of the cipher, the blind index and where the key comes from."""

from __future__ import annotations

import base64
import stat

import pytest

from graph.sealing import KEY_FILE, Sealer, SealingError, new_key, parse_key, sealer_for
from graph.settings import Settings


def sealer(key: str | None = None) -> Sealer:
    return Sealer.from_key(parse_key(key or new_key()))


def test_a_sealed_value_opens_to_itself_and_shows_nothing_of_it() -> None:
    s = sealer()
    sealed = s.seal("Oleksandr Melnyk", record="P011", field="name")
    assert sealed.startswith(f"v1:{s.key_id}:") and "Oleksandr" not in sealed and "Melnyk" not in sealed
    assert s.open(sealed, record="P011", field="name") == "Oleksandr Melnyk"
    assert s.seal(None, record="P011", field="name") is None and s.open(None, record="P011", field="name") is None


def test_sealing_is_deterministic_per_record_and_field() -> None:
    s = sealer()
    one = s.seal("1990-01-02", record="P011", field="birth_date")
    assert one == s.seal("1990-01-02", record="P011", field="birth_date")  # reloads change nothing
    assert one != s.seal("1990-01-02", record="P012", field="birth_date")
    assert one != s.seal("1990-01-02", record="P011", field="name")
    assert one != s.seal("1990-01-03", record="P011", field="birth_date")


def test_a_value_moved_to_another_record_or_field_does_not_open() -> None:
    s = sealer()
    sealed = s.seal("Oleksandr Melnyk", record="P011", field="name")
    with pytest.raises(SealingError, match="name of P012: does not open"):
        s.open(sealed, record="P012", field="name")
    with pytest.raises(SealingError, match="does not open"):
        s.open(sealed, record="P011", field="birth_date")


def test_an_altered_value_does_not_open() -> None:
    s = sealer()
    sealed = s.seal("Oleksandr Melnyk", record="P011", field="name")
    prefix, body = sealed.rsplit(":", 1)
    raw = bytearray(base64.b64decode(body))
    raw[-1] ^= 1
    with pytest.raises(SealingError, match="altered"):
        s.open(f"{prefix}:{base64.b64encode(bytes(raw)).decode()}", record="P011", field="name")
    with pytest.raises(SealingError, match="not a sealed value"):
        s.open("Oleksandr Melnyk", record="P011", field="name")


def test_another_key_says_which_key_the_value_needs() -> None:
    sealed = sealer().seal("x", record="P1", field="name")
    other = sealer()
    with pytest.raises(SealingError, match=f"configured key is {other.key_id}"):
        other.open(sealed, record="P1", field="name")


def test_the_blind_index_is_stable_per_key_and_hides_the_value() -> None:
    key = new_key()
    a, b = sealer(key), sealer(key)
    assert a.blind("phone", "+4790511223") == b.blind("phone", "+4790511223")
    assert a.blind("phone", "+4790511223").startswith("phone:") and "4790511223" not in a.blind("phone", "+4790511223")
    assert a.blind("phone", "+4790511223") != a.blind("phone", "+4790511224")
    assert a.blind("phone", "x") != a.blind("email", "x")
    assert a.blind("phone", "x") != sealer().blind("phone", "x")


@pytest.mark.parametrize("text, problem", [
    ("not base64!", "not base64"),
    (base64.b64encode(b"short").decode(), "must hold 32 bytes, holds 5"),
])
def test_a_bad_key_is_refused_with_the_reason(text: str, problem: str) -> None:
    with pytest.raises(SealingError, match=problem):
        parse_key(text)


def test_the_environment_key_comes_first(tmp_path, monkeypatch) -> None:
    key = new_key()
    monkeypatch.setenv("THBGRAPH_VICTIM_DATA_KEY", key)
    assert sealer_for(Settings(THBGRAPH_HOME=tmp_path)).key_id == sealer(key).key_id
    assert not (tmp_path / KEY_FILE).exists()


def test_the_local_runtime_writes_a_private_key_file_once(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("THBGRAPH_VICTIM_DATA_KEY", raising=False)
    monkeypatch.delenv("NEO4J_URI", raising=False)
    settings = Settings(THBGRAPH_HOME=tmp_path)
    with pytest.raises(SealingError, match="THBGRAPH_VICTIM_DATA_KEY is not set"):
        sealer_for(settings)
    said: list[str] = []
    first = sealer_for(settings, create=True, say=said.append)
    assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
    assert len(said) == 1 and "back it up" in said[0]
    assert sealer_for(settings, create=True, say=said.append).key_id == first.key_id and len(said) == 1


def test_a_server_of_ones_own_needs_the_key_in_the_environment(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("THBGRAPH_VICTIM_DATA_KEY", raising=False)
    settings = Settings(THBGRAPH_HOME=tmp_path, NEO4J_URI="bolt://db.example:7687")
    with pytest.raises(SealingError, match="THBGRAPH_VICTIM_DATA_KEY is not set"):
        sealer_for(settings, create=True)
    assert not (tmp_path / KEY_FILE).exists()

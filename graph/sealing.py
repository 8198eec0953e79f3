"""Victims' identifying values sealed in the graph, so no Cypher, notebook or dump can read them.

Neo4j community edition has no property-level access control: whatever sits in the graph
in clear text, every reader sees. So a victim's name and birth date, the values of the
identifiers they hold, and every free text that may name them (evidence descriptions,
link notes) are stored sealed: AES-256-GCM under a key from the environment, as
``v1:<key id>:<base64(nonce + ciphertext + tag)>`` in a ``<field>_enc`` property.

- The record's id and the field name are the associated data: a ciphertext copied to
  another person or field does not open.
- The nonce is derived from the key, the associated data and the value (a synthetic IV),
  so sealing is deterministic: loading the same bundle twice gives the same graph, and
  the only thing it reveals is that one field of one record did not change.
- Identifier ids are a blind index, ``kind:`` + HMAC-SHA256 of the normalised value, so one
  phone held by a victim and a suspect is still one node without its number in the id.

One master key (32 random bytes, base64) yields the three subkeys (HKDF-SHA256). Only the
API, for roles that may see identities, opens sealed values; the analyses never need them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import overload
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from graph.errors import ThbgraphError
from graph.settings import Settings

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
#: The environment variable that holds the master key.
KEY_VARIABLE = "THBGRAPH_VICTIM_DATA_KEY"
#: With the local runtime, the key lives here (mode 0600) unless the environment holds one.
KEY_FILE = "victim-data.key"
KEY_HINT = "generate one with: thbgraph keys new"


class SealingError(ThbgraphError):
    """The victim-data key is missing or wrong, or a sealed value does not open."""


def _subkey(master: bytes, purpose: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=f"thbgraph {purpose} {VERSION}".encode()).derive(master)


def new_key() -> str:
    """A fresh master key, base64 (what THBGRAPH_VICTIM_DATA_KEY holds)."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode()


def parse_key(text: str, source: str = KEY_VARIABLE) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SealingError(f"{source}: not base64; {KEY_HINT}") from None
    if len(key) != KEY_BYTES:
        raise SealingError(f"{source}: must hold {KEY_BYTES} bytes, holds {len(key)}; {KEY_HINT}")
    return key


@dataclass(frozen=True)
class Sealer:
    """Seals and opens values under one master key; names identifiers by their blind index."""

    key_id: str
    _aead: AESGCM = field(repr=False)
    _nonce_key: bytes = field(repr=False)
    _index_key: bytes = field(repr=False)
    _aes_key: bytes = field(default=b"", repr=False)

    @classmethod
    def from_key(cls, master: bytes) -> Sealer:
        key_id = _subkey(master, "key id")[:4].hex()
        aes_key = _subkey(master, "victim-data aes-256-gcm")
        return cls(key_id, AESGCM(aes_key), _subkey(master, "victim-data nonce"),
                   _subkey(master, "identifier blind index"), aes_key)

    def parts(self) -> tuple[str, bytes, bytes, bytes]:
        """The key id and subkeys, for `from_parts` in a worker process of the same load (handed over a
        pipe, never written anywhere: ingest/parallel.py)."""
        if not self._aes_key:
            raise SealingError("this sealer was not made from a key")
        return self.key_id, self._aes_key, self._nonce_key, self._index_key

    @classmethod
    def from_parts(cls, key_id: str, aes_key: bytes, nonce_key: bytes, index_key: bytes) -> Sealer:
        return cls(key_id, AESGCM(aes_key), nonce_key, index_key, aes_key)

    @property
    def prefix(self) -> str:
        return f"{VERSION}:{self.key_id}:"

    def seal(self, value: str | None, *, record: str, field: str) -> str | None:
        if value is None:
            return None
        plain, aad = str(value).encode(), f"{record}\x1f{field}".encode()
        nonce = hmac.new(self._nonce_key, aad + b"\x00" + plain, hashlib.sha256).digest()[:NONCE_BYTES]
        return self.prefix + base64.b64encode(nonce + self._aead.encrypt(nonce, plain, aad)).decode()

    @overload
    def open(self, sealed: str, *, record: str, field: str) -> str: ...
    @overload
    def open(self, sealed: None, *, record: str, field: str) -> None: ...

    def open(self, sealed: str | None, *, record: str, field: str) -> str | None:
        if sealed is None:
            return None
        version, _, rest = sealed.partition(":")
        key_id, _, body = rest.partition(":")
        if version != VERSION or not body:
            raise SealingError(f"{field} of {record}: not a sealed value")
        if key_id != self.key_id:
            raise SealingError(f"{field} of {record}: sealed under key {key_id}, the configured key is {self.key_id}")
        try:
            raw = base64.b64decode(body, validate=True)
            plain = self._aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], f"{record}\x1f{field}".encode())
        except (binascii.Error, ValueError, InvalidTag):
            raise SealingError(f"{field} of {record}: does not open (altered, or moved from another record)") from None
        return plain.decode()

    def blind(self, kind: str, value: str) -> str:
        """The id of an identifier node: stable for one value, and says nothing of it."""
        digest = hmac.new(self._index_key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
        return f"{kind}:{digest}"


def spelling_record(owner_id: str, identifier_id: str) -> str:
    """The record a holder's spelling of an identifier (HAS_IDENTIFIER.raw_value) is sealed under."""
    return f"{owner_id}>{identifier_id}"


def key_file(settings: Settings) -> Path:
    return settings.home / KEY_FILE


def replace_key_file(path: Path, key: str) -> None:
    """Put a new key in the key file: written whole (mode 600) beside it, then moved over it."""
    parse_key(key, source="the new key")
    draft = path.with_name(path.name + ".new")
    draft.unlink(missing_ok=True)
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key.strip() + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(draft, path)


def sealer_for(settings: Settings, *, create: bool = False, say: Callable[[str], None] | None = None) -> Sealer:
    """The sealer of the configured key.

    From THBGRAPH_VICTIM_DATA_KEY; else, with the local runtime only, from the key file in
    THBGRAPH_HOME (written on first use when `create`). A server of the user's own needs the
    key in the environment: two loaders inventing two keys would split identifiers apart.
    """
    if settings.victim_data_key is not None:
        return Sealer.from_key(parse_key(settings.victim_data_key.get_secret_value()))
    path = key_file(settings)
    if settings.neo4j_uri is None:
        if not path.exists() and create:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(new_key() + "\n")
            if say:
                say(f"Created the victim-data key {path} (mode 600). Without it, victims' sealed names "
                    f"and identifiers cannot be read back: back it up, apart from the database.")
        if path.exists():
            return Sealer.from_key(parse_key(path.read_text(), source=str(path)))
    raise SealingError(f"{KEY_VARIABLE} is not set: victims' identifying values are stored sealed "
                       f"and need the key; {KEY_HINT}")

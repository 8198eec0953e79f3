"""Settings from the environment, shared by the CLI, the API and the notebooks."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import ThbgraphError


#: What THBGRAPH_JVM_FLAGS takes: HotSpot's -XX options, -X options (-Xss512k, -Xlog:gc) and system
#: properties. Never a class path, a jar, an agent or a main class, nor the options that run a command
#: or read more options from a file: each would change what the JVM runs.
JVM_OPTION = re.compile(r"-XX:(?!(OnError|OnOutOfMemoryError|Flags|VMOptionsFile)=)"
                        r"([+-][A-Za-z][A-Za-z0-9_]*|[A-Za-z][A-Za-z0-9_]*=[^\s]+)"
                        r"|-X(?!X|bootclasspath)[a-z][A-Za-z0-9:=.,/_+%-]*"
                        r"|-D[A-Za-z_][A-Za-z0-9_.-]*(=[^\s]*)?")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_ignore_empty=True, extra="ignore")

    #: A server of the user's own (bolt://, neo4j://, neo4j+s://). Unset: the local runtime.
    neo4j_uri: str | None = Field(default=None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME"))
    neo4j_password: str | None = Field(default=None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")

    #: Where the local runtime keeps its database, pid file and log.
    home: Path = Field(default=Path.home() / ".thbgraph", validation_alias="THBGRAPH_HOME")
    #: Where Neo4j's jars are cached (never in git).
    cache: Path = Field(default=Path.home() / ".cache" / "thbgraph", validation_alias="THBGRAPH_CACHE")
    local_port: int = Field(default=7687, validation_alias="THBGRAPH_NEO4J_PORT")
    #: Neo4j's default page cache is half the RAM: far too much on a shared machine.
    pagecache_mb: int = Field(default=512, validation_alias="THBGRAPH_NEO4J_PAGECACHE_MB")
    heap_mb: int | None = Field(default=None, validation_alias="THBGRAPH_NEO4J_HEAP_MB")
    #: The local runtime's backstop for transactions that set no timeout of their own (Neo4j's
    #: `db.transaction.timeout`); the service's Cypher sets its own, far shorter. Loads run in one
    #: transaction: 100k persons took 80 s.
    tx_timeout_s: int = Field(default=1800, ge=0, validation_alias="THBGRAPH_NEO4J_TX_TIMEOUT_S")
    #: The most memory one transaction of the local runtime may use (`db.memory.transaction.max`);
    #: unset: no limit of its own, only Neo4j's pool for all transactions (70% of the heap). A load
    #: is one transaction and needs it: 10,000 persons took more than 256 MB.
    tx_memory_mb: int | None = Field(default=None, gt=0, validation_alias="THBGRAPH_NEO4J_TX_MEMORY_MB")
    #: Class-data sharing for the local runtime's JVM (graph/class_archive.py): Neo4j's classes archived
    #: once beside the jars and mapped at every later start; "off" starts without it.
    class_sharing: bool = Field(default=True, validation_alias="THBGRAPH_NEO4J_CDS")
    #: Options added to every JVM thbgraph starts (the local runtime, neo4j-admin), separated by spaces;
    #: the test suite sets "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" (docs/benchmarks.md, "The suite, sixth pass").
    jvm_flags: str = Field(default="", validation_alias="THBGRAPH_JVM_FLAGS")
    #: Whether the local runtime loads OpenGDS (`key-persons --all --engine gds|auto`): it doubles
    #: the start time and adds about 100 MB (docs/benchmarks.md). "auto": only a runtime started
    #: for a command that asks for it; "on": every start, `thbgraph neo4j start` too; "off": never.
    gds: Literal["auto", "on", "off"] = Field(default="auto", validation_alias="THBGRAPH_GDS")
    #: Region used to read phone numbers written without a country code.
    default_region: str = Field(default="NO", validation_alias="THBGRAPH_DEFAULT_REGION")
    batch_size: int = Field(default=5000, validation_alias="THBGRAPH_BATCH_SIZE")
    #: Master key sealing victims' identifying values in the graph (graph/sealing.py).
    victim_data_key: SecretStr | None = Field(default=None, validation_alias="THBGRAPH_VICTIM_DATA_KEY")

    @field_validator("jvm_flags")
    @classmethod
    def _jvm_options_only(cls, value: str) -> str:
        options = value.split()
        for n, option in enumerate(options, 1):
            if not JVM_OPTION.fullmatch(option):
                raise ValueError(f"option {n} of {len(options)} is not a JVM option: each must be -XX:+Name, "
                                 "-XX:-Name, -XX:Name=value, -X<option> or -Dname=value, separated by spaces")
        return " ".join(options)

    @property
    def jvm_options(self) -> tuple[str, ...]:
        return tuple(self.jvm_flags.split())


class SettingsInvalid(ThbgraphError):
    """An environment variable holds a value its setting does not take."""


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment; SettingsInvalid names each variable to fix, never its value
    (it may be a password)."""
    try:
        return Settings()
    except ValidationError as e:
        problems = [f"{err['loc'][0] if err['loc'] else 'settings'}: {err['msg']}"
                    for err in e.errors(include_input=False, include_url=False)]
        raise SettingsInvalid("the settings are not valid: " + "; ".join(problems)) from None

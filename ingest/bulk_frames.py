"""The import files of `load --initial` written from a bundle validated by columns (`ingest.frames`).

The same files as `ingest.bulk_csv` writes row by row, and the same rules for what they hold
(read its docstring): columns computed with polars, and only what needs Python's crypto done
per value: link ids (SHA-1), identifier ids (the blind index), and the sealing of victims'
values and of free text. tests/test_bulk_frames.py compares both writers' files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import polars as pl

from graph.sealing import Sealer
from ingest.bulk_csv import (
    _BUSINESS,
    _CASE,
    _EVIDENCE,
    _EVIDENCE_CASE,
    _EVIDENCE_TIE,
    _FIRST_EXPLOITED,
    _HELD,
    _IDENTIFIER,
    _LINK,
    _PERSON,
    _ROLE,
    _SEALING,
    ImportFiles,
)
from ingest.frames import Frames
from ingest.parallel import Workers

__all__ = ["write_frame_files"]


def _write(files: ImportFiles, name: str, columns: list[tuple[str, str]], frame: pl.DataFrame, *,
           label: str | None = None, rel_type: str | None = None) -> None:
    path = files.folder / f"{name}.csv"
    out = frame.select([(pl.col(key) if key in frame.columns else pl.lit(None, dtype=pl.String)).alias(header)
                        for header, key in columns])
    # Sealed columns are base64 of our own making: no line break to look for.
    texts = [pl.col(header).str.contains("[\r\n]") for header, key in columns
             if out.schema[header] == pl.String and not key.endswith("_enc")]
    if not files.multiline and texts and out.height:
        files.multiline = bool(out.select(pl.any_horizontal(*texts).fill_null(False).any()).item())
    out.write_csv(path, null_value="")
    files.add(path, label=label, rel_type=rel_type)


def _sealed_where(frame: pl.DataFrame, where: pl.Series, name: str, sealed: Callable[[pl.DataFrame], list]) -> pl.Series:
    """Column `name`: what `sealed` makes of the rows `where` is true, null elsewhere."""
    at = where.arg_true()
    values = pl.Series(sealed(frame[at]), dtype=pl.String)
    return pl.repeat(None, frame.height, dtype=pl.String, eager=True).scatter(at, values).alias(name)


def write_frame_files(frames: Frames, sealer: Sealer, folder: Path, today: date,
                      workers: Workers | None = None) -> ImportFiles:
    """Write the bundle's graph as import files into `folder`, as `write_import_files` does."""
    files = ImportFiles(folder)
    workers = workers or Workers(sealer, processes=1)
    t = frames.tables
    persons, roles = t["persons"], t["roles"]
    victims = roles.filter(pl.col("role") == "victim")["person_id"].unique()

    _write(files, "cases", _CASE, t["cases"], label="Case")
    _write(files, "persons", _PERSON, _persons(persons, victims, t["links"], workers, today), label="Person")
    _write(files, "businesses", _BUSINESS, t["businesses"], label="Business")
    _write(files, "roles", _ROLE, roles, rel_type="ROLE_IN")
    links = _links(t["links"], workers)
    # A link given twice is one relationship with the last row's values (the loader matches it by id).
    repeated = pl.col("link_id").is_duplicated()
    _write(files, "links", _LINK, links.filter(~repeated))
    _write(files, "links_repeated", _LINK,
           links.filter(repeated).unique("link_id", keep="last", maintain_order=True))
    del links
    _evidence(files, t["evidence"], workers)
    _identifiers(files, t["identifiers"], victims, workers)
    _write(files, "sealing", _SEALING, pl.DataFrame({"scope": ["victim-data"], "key_id": [sealer.key_id]}),
           label="Sealing")
    return files


def _adult_on(born: pl.Expr) -> pl.Expr:
    # As Cypher's date + duration({years: 18}): 29 February gives 28 February (polars clamps so too).
    return born.dt.offset_by("18y")


def _persons(persons: pl.DataFrame, victims: pl.Series, links: pl.DataFrame, workers: Workers,
             today: date) -> pl.DataFrame:
    """Minors marked as `ingest_minors` marks them (by the clear birth date); victims' names and
    birth dates sealed, never written in clear."""
    first = (links.filter(pl.col("type").is_in(list(_FIRST_EXPLOITED)) & pl.col("since").is_not_null()
                          & pl.col("source_id").is_in(persons["person_id"].implode()))
             .group_by(person_id=pl.col("target_id")).agg(first=pl.col("since").min()))
    frame = persons.join(first, on="person_id", how="left", maintain_order="left").with_columns(
        minor=pl.when(_adult_on(pl.col("birth_date")) > pl.col("first").fill_null(today)).then(True))
    victim = frame["person_id"].is_in(victims.implode())
    frame = frame.with_columns(born=pl.col("birth_date").cast(pl.String))
    name_enc = _sealed_where(frame, victim, "name_enc",
                             lambda rows: workers.seal(rows["name"], rows["person_id"], "name"))
    born_enc = _sealed_where(frame, victim, "birth_date_enc",
                             lambda rows: workers.seal(rows["born"], rows["person_id"], "birth_date"))
    return frame.with_columns(name_enc, born_enc, name=pl.when(victim).then(None).otherwise(pl.col("name")),
                              birth_date=pl.when(victim).then(None).otherwise(pl.col("birth_date")))


def _links(links: pl.DataFrame, workers: Workers) -> pl.DataFrame:
    """Each link with its id (`writer.link_id`: SHA-1 of its ends, type, case and start) and its note sealed."""
    key = pl.concat_str([pl.col("source_id"), pl.col("type"), pl.col("target_id"),
                         pl.col("case_id").fill_null(""), pl.col("since").cast(pl.String).fill_null("")],
                        separator="|")
    keys = links.select(key)[:, 0].to_list()
    links = links.with_columns(link_id=pl.Series(workers.link_ids(keys), dtype=pl.String))
    return links.with_columns(_sealed_where(links, links["note"].is_not_null(), "note_enc",
                                            lambda rows: workers.seal(rows["note"], rows["link_id"], "note")))


def _evidence(files: ImportFiles, evidence: pl.DataFrame, workers: Workers) -> None:
    evidence = evidence.with_columns(_sealed_where(
        evidence, evidence["description"].is_not_null(), "description_enc",
        lambda rows: workers.seal(rows["description"], rows["evidence_id"], "description")))
    _write(files, "evidence", _EVIDENCE, evidence, label="Evidence")
    ties = pl.concat([evidence.select(pl.col("evidence_id").alias("from"), type=pl.lit("ABOUT"), to=pl.col("about_id")),
                      evidence.filter(pl.col("given_by").is_not_null())
                      .select(pl.col("evidence_id").alias("from"), type=pl.lit("GIVEN_BY"), to=pl.col("given_by"))])
    _write(files, "evidence_ties", _EVIDENCE_TIE, ties)
    _write(files, "evidence_cases", _EVIDENCE_CASE,
           evidence.select(pl.col("evidence_id").alias("from"), to=pl.col("case_id")), rel_type="IN_CASE")


def _identifiers(files: ImportFiles, identifiers: pl.DataFrame, victims: pl.Series, workers: Workers) -> None:
    """One node per identifier (blind id) and one spelling per holder, the last row's; an identifier
    a victim holds is sealed, value and every holder's spelling."""
    distinct = identifiers.select("kind", "value").unique()
    ids = pl.Series(workers.blind(distinct["kind"], distinct["value"]), dtype=pl.String)
    rows = identifiers.join(distinct.with_columns(identifier_id=ids), on=["kind", "value"], how="left",
                            maintain_order="left")
    victims_hold = rows.filter(pl.col("owner_id").is_in(victims.implode()))["identifier_id"].unique()
    held_by_victim = rows["identifier_id"].is_in(victims_hold.implode())
    rows = rows.with_columns(
        _sealed_where(rows, held_by_victim, "value_enc",
                      lambda held: workers.seal(held["value"], held["identifier_id"], "value")),
        _sealed_where(rows, held_by_victim, "raw_value_enc",
                      lambda held: workers.seal_spellings(held["raw_value"], held["owner_id"], held["identifier_id"])),
        value=pl.when(held_by_victim).then(None).otherwise(pl.col("value")),
        raw_value=pl.when(held_by_victim).then(None).otherwise(pl.col("raw_value")))
    _write(files, "identifiers", _IDENTIFIER, rows.unique("identifier_id", keep="last", maintain_order=True),
           label="Identifier")
    _write(files, "held", _HELD, rows.unique(["owner_id", "identifier_id"], keep="last", maintain_order=True),
           rel_type="HAS_IDENTIFIER")

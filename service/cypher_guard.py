"""Analysts' Cypher, read-only: planned first, refused if the plan could write, then run in a
READ transaction with a timeout and a row cap.

Three independent barriers, because each alone has a gap:
- the plan (`EXPLAIN`, which runs nothing): its query type must be read-only ("r"), and no
  operator may write, load files, administer, or call a procedure outside `ALLOWED_PROCEDURES`
  (`LOAD CSV` plans as a read: only the operator check catches it);
- the transaction is opened in READ access mode: Neo4j itself refuses any write in it;
- the transaction's timeout stops long queries server-side; rows past `max_rows`, or past
  `max_bytes` of JSON, are not read.
Values always travel as parameters, never in the query text.

`EXPLAIN <query>` answers with the plan alone (nothing runs); `PROFILE <query>` runs the query
under the same three barriers (the plan checked first, READ, the time limit; the rows past the cap
are computed, not returned) and answers with its rows and the plan with rows and hits per operator.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

import neo4j
from neo4j import Driver
from neo4j.exceptions import ClientError, Neo4jError, TransientError
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point

from graph.errors import ThbgraphError

#: Procedures an analyst may call: they describe the schema and read no data.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
})
#: Commands (SHOW ...) an analyst may run; SHOW TRANSACTIONS would show others' queries and parameters.
ALLOWED_COMMANDS = frozenset({"ShowIndexes", "ShowConstraints"})
#: Index usage statistics: the analysis database is shared by every analyst in turn, so these told one
#: analyst when others last queried and how much each content switch wrote (probe 3, low 12).
INDEX_STATISTICS = frozenset({"readCount", "lastRead", "trackedSince"})
_COLUMNS = re.compile(r"columns\((.*)\)\s*$")
#: Operators that write, load files, run their own transactions or administer the server.
FORBIDDEN_OPERATORS = re.compile(
    r"^(Create|Merge|Delete|DetachDelete|Set|Remove|Foreach|TransactionForeach|TransactionApply|LoadCSV"
    r"|Drop|Alter|Terminate|Grant|Deny|Revoke|Rename|Start|Stop|Enable|Disable|Lock)"
)
_PROCEDURE = re.compile(r"^\s*([\w.`]+)\s*\(")
#: A query that asks for its plan (`EXPLAIN`) or its profile (`PROFILE`), after blanks and comments.
_PLAN_MODE = re.compile(r"^((?:\s|//[^\n]*|/\*.*?\*/)*)(EXPLAIN|PROFILE)\b", re.IGNORECASE | re.DOTALL)
_TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"
_TERMINATED = ("Neo.ClientError.Transaction.Terminated", "Neo.TransientError.Transaction.Terminated")
#: The transaction metadata key that names a query for `terminate`.
TAG_KEY = "thbgraph_query"


class CypherRefused(ThbgraphError):
    """The query's plan could write, load files or call a procedure that is not allowed."""


class CypherInvalid(ThbgraphError):
    """Neo4j cannot plan or run the query as written (syntax, types, a missing parameter)."""


class CypherTimedOut(ThbgraphError):
    """The query ran longer than allowed and was stopped by Neo4j."""


@dataclass
class CypherResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
    #: Why the rows were cut, when they were.
    note: str | None = None
    #: Neo4j's warnings on the plan (a label or property no node has, a cartesian product), in words.
    notifications: list[str] = field(default_factory=list)
    #: The plan (`EXPLAIN`) or the profile (`PROFILE`), when the query asked for it (`plan_tree`).
    plan: dict[str, Any] | None = None


def _operators(plan: dict[str, Any]) -> list[tuple[str, str]]:
    found = [(plan["operatorType"].split("@")[0], str((plan.get("args") or {}).get("Details") or ""))]
    for child in plan.get("children", []):
        found += _operators(child)
    return found


def refuse_unsafe(summary: neo4j.ResultSummary) -> None:
    """Raise CypherRefused unless the EXPLAINed plan only reads."""
    for operator, details in _operators(summary.plan or {}):
        if FORBIDDEN_OPERATORS.match(operator):
            raise CypherRefused(f"the query would {_doing(operator)} (plan operator {operator}): "
                                "only reads are allowed")
        if operator.startswith("Show") and operator not in ALLOWED_COMMANDS:
            raise CypherRefused(f"the command behind plan operator {operator} is not allowed; "
                                f"allowed commands: {', '.join(sorted(ALLOWED_COMMANDS))}")
        if operator == "ShowIndexes":
            _refuse_statistics(details)
        if "ProcedureCall" in operator:
            match = _PROCEDURE.match(details)
            name = match.group(1).replace("`", "") if match else details
            if name not in ALLOWED_PROCEDURES:
                allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
                raise CypherRefused(f"procedure {name} is not allowed; allowed: {allowed}")
    if summary.query_type != "r":
        raise CypherRefused(f"the query is of type {summary.query_type!r}, not read-only ('r')")


def _refuse_statistics(details: str) -> None:
    """SHOW INDEXES only with its columns named (YIELD), none of them a usage statistic: its default
    columns hold two, and a WHERE can test them without returning them."""
    named = _COLUMNS.search(details)
    columns = {c.strip().split(" ")[0] for c in named.group(1).split(",")} if named else INDEX_STATISTICS
    if columns & INDEX_STATISTICS:
        raise CypherRefused("SHOW INDEXES is allowed with its columns named and without the usage statistics "
                            f"({', '.join(sorted(INDEX_STATISTICS))}), e.g. SHOW INDEXES YIELD name, state, type, "
                            "entityType, labelsOrTypes, properties")


def _doing(operator: str) -> str:
    if operator == "LoadCSV":
        return "load a file"
    if operator.startswith("Transaction"):
        return "run its own transactions"
    return "write or administer"


def run_read_only(
    driver: Driver, database: str | None, text: str, parameters: dict[str, Any], *, timeout: float, max_rows: int,
    max_bytes: int | None = None, tag: str | None = None,
) -> CypherResult:
    """`tag` marks the transaction, so that `terminate(driver, database, tag)` can stop it from another thread."""
    return _run(driver, database, text, parameters, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes,
                write=False, tag=tag)


def terminate(driver: Driver, database: str | None, tag: str) -> list[str]:
    """Have Neo4j terminate the transaction(s) run with `tag`, now: the query stops at its next
    check (between rows, at a store read), at once for most queries. The ids terminated."""
    records, _, _ = driver.execute_query(
        f"SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.{TAG_KEY} = $tag RETURN transactionId",
        tag=tag, database_=database)
    ids = [r["transactionId"] for r in records]
    if ids:
        driver.execute_query("TERMINATE TRANSACTIONS $ids", ids=ids, database_=database)
    return ids


def run_write(
    driver: Driver, database: str | None, text: str, parameters: dict[str, Any], *, timeout: float, max_rows: int
) -> CypherResult:
    """For a caller who explicitly allowed writes (a notebook's `%%cypher --write`): no plan check,
    a WRITE transaction, committed once the rows kept are read. Never reached from the HTTP service."""
    return _run(driver, database, text, parameters, timeout=timeout, max_rows=max_rows, max_bytes=None, write=True)


def _run(
    driver: Driver, database: str | None, text: str, parameters: dict[str, Any], *, timeout: float, max_rows: int,
    max_bytes: int | None, write: bool, tag: str | None = None,
) -> CypherResult:
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    asked = None if write else _PLAN_MODE.match(text)
    # Planned as written: EXPLAIN put before it, or in place of the analyst's EXPLAIN or PROFILE
    # (the same length, so Neo4j's error positions are theirs as they stand).
    explained = ("EXPLAIN " + text if asked is None
                 else text[:asked.start(2)] + "EXPLAIN" + text[asked.end(2):])
    try:
        with driver.session(database=database, default_access_mode=mode,
                            notifications_min_severity="WARNING") as session:
            with session.begin_transaction(timeout=timeout, metadata={TAG_KEY: tag} if tag else None) as tx:
                warned: list[str] = []
                if not write:
                    try:
                        plan = tx.run(explained, parameters).consume()
                    except ClientError as e:  # quote the analyst's query, not the EXPLAIN put before it
                        if (e.code or "").startswith(_TIMED_OUT) or e.code in _TERMINATED:
                            raise
                        message = e.message or str(e)
                        raise CypherInvalid(_unexplained(message) if asked is None else message) from None
                    refuse_unsafe(plan)
                    warned = notifications(plan)
                    if asked and asked.group(2).upper() == "EXPLAIN":  # the plan alone: nothing runs
                        return CypherResult(columns=[], rows=[], truncated=False, notifications=warned,
                                            plan=plan_tree(plan.plan or {}))
                result = tx.run(text, parameters)
                out = CypherResult(columns=list(result.keys()), rows=[], truncated=False, notifications=warned)
                size = 0  # of the rows' JSON so far
                for record in result:
                    if len(out.rows) == max_rows:
                        out.truncated, out.note = True, f"cut after {max_rows} rows"
                        break
                    row = [_json(v) for v in record.values()]
                    size += len(json.dumps(row, separators=(",", ":"))) + 1  # and a comma
                    if max_bytes is not None and size > max_bytes:
                        out.truncated, out.note = True, (
                            f"cut after {len(out.rows)} rows: the next would pass {max_bytes} bytes of JSON; "
                            "return less per row, or fewer rows")
                        break
                    out.rows.append(row)
                if asked:  # PROFILE: the rows not kept are read and dropped (within the time limit): Neo4j
                    for _ in result:  # gives no profile of a result left unread ("not materialised yet")
                        pass
                    out.plan = plan_tree(result.consume().profile or {})
                tx.commit()
                return out
    except (ClientError, TransientError) as e:
        if (e.code or "").startswith(_TIMED_OUT) or e.code in _TERMINATED:
            raise CypherTimedOut(f"the query ran longer than {timeout:g} s and was stopped") from None
        if isinstance(e, TransientError):
            if "MemoryPool" in (e.code or ""):
                raise CypherInvalid(f"the query needs more memory than a transaction may use: {e.message}") from None
            raise
        if e.code == "Neo.ClientError.Statement.AccessMode":
            raise CypherRefused("the query tried to write in a read-only transaction") from None
        raise CypherInvalid(e.message or str(e)) from None
    except Neo4jError as e:
        if (e.code or "").startswith("Neo.ClientError"):
            raise CypherInvalid(e.message or str(e)) from None
        raise


def plan_tree(plan: dict[str, Any]) -> dict[str, Any]:
    """Neo4j's plan or profile, as JSON: per operator its name, details, estimated rows, and for a
    profile the rows it produced and its database hits; `children` the operators feeding it."""
    args = plan.get("args") or {}
    return {"operator": str(plan.get("operatorType", "")).split("@")[0], "details": args.get("Details"),
            "estimated_rows": args.get("EstimatedRows"), "identifiers": list(plan.get("identifiers") or []),
            "rows": plan.get("rows"), "db_hits": plan.get("dbHits"),
            "children": [plan_tree(child) for child in plan.get("children") or []]}


def notifications(summary: neo4j.ResultSummary) -> list[str]:
    """Neo4j's warnings on a plan, in words: `MATCH (p:Persn)` plans, finds nothing, and would
    say nothing else (analyst review, row 18)."""
    out = []
    for n in summary.summary_notifications:
        words = f"{n.title.rstrip('.')}: {n.description}" if n.title else n.description
        if words not in out:
            out.append(words)
    return out


_POSITION = re.compile(r"\(line (\d+), column (\d+) \(offset: (\d+)\)\)")
_EXPLAIN = "EXPLAIN "


def _unexplained(message: str) -> str:
    """Neo4j's error on `EXPLAIN <query>` as if on the analyst's query: the prefix they never wrote
    taken out of the quoted line, the position moved back by its length."""
    shift = len(_EXPLAIN)

    def moved(m: re.Match[str]) -> str:
        line, column, offset = (int(g) for g in m.groups())
        return f"(line {line}, column {column - shift if line == 1 else column} (offset: {max(0, offset - shift)}))"

    first_line = _POSITION.search(message)
    message = _POSITION.sub(moved, message)
    if first_line and first_line.group(1) == "1" and f'"{_EXPLAIN}' in message:
        message = message.replace(f'"{_EXPLAIN}', '"', 1)
        message = re.sub(r"\n {%d}( *\^)" % shift, r"\n\1", message, count=1)
    return message


def _json(value: Any) -> Any:
    """A driver value as JSON."""
    if isinstance(value, Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels),
                "properties": {k: _json(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {"element_id": value.element_id, "type": value.type,
                "start": start.element_id if start else None, "end": end.element_id if end else None,
                "properties": {k: _json(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [_json(n) for n in value.nodes],
                "relationships": [_json(r) for r in value.relationships]}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": list(value)}
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity
    if isinstance(value, bytes | bytearray):
        return value.hex()
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)

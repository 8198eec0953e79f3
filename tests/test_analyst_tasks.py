"""The analyst review's task table (docs: ../shared/research/analyst-review.md), each task asked by an
analyst over the real service and by an administrator in a direct session on the same graph, with
the same pseudonym key: the same answer, victims under the same pseudonyms (issue 27, "Done means").

Tasks with tests of their own elsewhere (connecting, notebooks, measures, persons sharing, drawing,
date filters, errors) are run in those files; this file holds those that had none: orientation
(6), co-offenders (8), money flows (9), shortest paths (11), persons near someone (12), victims'
controllers (13), a timeline (15), export (17).

Where an analyst's answer may differ, it differs by what is withheld from analysts only: each word
of a victim's name in someone else's name reads "[withheld]" (docs/api.md, "What is withheld from
whom"), and a possible victim (P016) is a victim to analysts, known by his pseudonym.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from service.pseudonyms import WITHHELD, Pseudonyms
from tests.analyst_support import both_sessions
from tests.api_support import sample_once  # noqa: F401 (fixture)

pytestmark = pytest.mark.neo4j

KEY = "k3y-for-task-table-tests-Qw8Zr5Tn2Mx7"
CASES = ["NO-GLANS", "NO-NORDLYS"]
#: The sample's victims by their real ids: never in an analyst's answer.
REAL_VICTIMS = {"P010", "P011", "P012", "P013", "P014", "P021", "P022", "P023", "P024"}
#: Who is a victim to analysts only: the possible victim of NO-GLANS.
POSSIBLE, POSSIBLE_NAME = "P016", "Mihai Rusu"


@pytest.fixture(scope="module")
def sessions(sample_once, neo4j_uri, tmp_path_factory) -> Iterator[tuple]:  # noqa: ANN001, F811
    with both_sessions(sample_once, neo4j_uri, tmp_path_factory.mktemp("svc"), "ana-tasks", CASES, KEY) as pair:
        yield pair


def _withheld_from(direct: object, served: object) -> bool:
    """The analyst's value is the administrator's, or the same with words withheld."""
    if direct == served:
        return True
    if isinstance(direct, str) and isinstance(served, str) and WITHHELD in served:
        return re.fullmatch(".+".join(re.escape(part) for part in served.split(WITHHELD)), direct) is not None
    if isinstance(direct, list | tuple) and isinstance(served, list | tuple):
        return _matched(list(direct), list(served))
    if isinstance(direct, dict) and isinstance(served, dict):
        return direct.keys() == served.keys() and all(_withheld_from(direct[k], served[k]) for k in direct)
    return False


def _matched(direct: list, served: list) -> bool:
    """Each served item matches its own direct one (`_withheld_from`), in any order: a victim sorts
    by her pseudonym in the analysis database and by her id in a direct session."""
    left = list(direct)
    if len(left) != len(served):
        return False
    for item in served:
        at = next((i for i, d in enumerate(left) if _withheld_from(d, item)), None)
        if at is None:
            return False
        left.pop(at)
    return True


def same_rows(served: pd.DataFrame, theirs: pd.DataFrame, label: str) -> None:
    """Same columns and the same rows (in any order: see `_matched`), the analyst's values the
    administrator's or withheld from them; no victim's real id or name over the service. Rows that show the possible
    victim (by id or name to the administrator, by pseudonym to the analyst) are counted, not
    compared: his pseudonym sorts elsewhere than his id."""
    assert list(served.columns) == list(theirs.columns), label
    mine = [{c: _plain(v) for c, v in row.items()} for row in served.to_dict("records")]
    truth = [{c: _plain(v) for c, v in row.items()} for row in theirs.to_dict("records")]
    pseudonym = Pseudonyms(KEY).victim(POSSIBLE)
    his = [r for r in mine if pseudonym in _strings(r)]
    theirs_his = [r for r in truth if {POSSIBLE, POSSIBLE_NAME} & _strings(r)]
    assert len(his) == len(theirs_his), (label, len(his), len(theirs_his))
    others = [r for r in mine if pseudonym not in _strings(r)]
    theirs_others = [r for r in truth if not {POSSIBLE, POSSIBLE_NAME} & _strings(r)]
    assert _matched(theirs_others, others), (label, others, theirs_others)
    assert not (REAL_VICTIMS | {POSSIBLE, POSSIBLE_NAME}) & _strings(mine), label


def same_answer(direct, service, name: str, *, graph: tuple[str, ...] = (), **params: object) -> pd.DataFrame:  # noqa: ANN001
    """The named query's frame in both sessions (`same_rows`), not empty; the analyst's frame.
    `graph`: columns of nodes and paths, compared by the ids beside them (element ids are each database's own)."""
    served, theirs = service.named(name, **params), direct.named(name, **params)
    assert len(served) > 0, (name, params)
    same_rows(served.drop(columns=list(graph)), theirs.drop(columns=list(graph)), f"{name} {params}")
    return served


def _plain(value: object) -> object:
    if hasattr(value, "tolist"):
        return value.tolist()
    return None if isinstance(value, float) and pd.isna(value) else value


def _strings(value: object) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list | tuple):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def test_task_6_orientation(sessions) -> None:  # noqa: ANN001
    """Schema procedures answer over the service; its labels are the graph's; the library is the same."""
    service, direct = sessions
    text = "CALL db.labels() YIELD label RETURN label ORDER BY label"
    assert set(service.cypher(text)["label"]) <= set(direct.cypher(text)["label"])
    assert {"Person", "Case", "Business"} <= set(service.cypher(text)["label"])
    assert service.library()["name"].tolist() == direct.library()["name"].tolist()


def test_task_8_co_offenders(sessions) -> None:  # noqa: ANN001
    service, direct = sessions
    same_answer(direct, service, "co_offenders", person_id="P003")
    every = same_answer(direct, service, "co_offenders", person_id=None)
    assert {"P002", "P003"} <= set(every["person_a"]) | set(every["person_b"])


def test_task_9_money_flows(sessions) -> None:  # noqa: ANN001
    service, direct = sessions
    flows = same_answer(direct, service, "money_flows", person_id="P004")
    assert flows["amount"].notna().all()


def test_task_11_shortest_paths(sessions) -> None:  # noqa: ANN001
    service, direct = sessions
    paths = same_answer(direct, service, "shortest_paths", graph=("path",), from_id="P002", to_id="P004", max_hops=6)
    assert (paths["hops"] >= 1).all()
    assert all(len(path["nodes"]) == hops + 1 for path, hops in zip(paths["path"], paths["hops"]))


@pytest.mark.parametrize("hops", [1, 2])
def test_task_12_persons_within(sessions, hops) -> None:  # noqa: ANN001
    service, direct = sessions
    same_answer(direct, service, "persons_within", person_id="P003", max_hops=hops)


def test_task_12_persons_within_of_a_victim_by_pseudonym(sessions) -> None:  # noqa: ANN001
    service, direct = sessions
    victim = direct.alias("P010")
    assert victim.startswith("V-")
    near = same_answer(direct, service, "persons_within", person_id=victim, max_hops=1)
    assert "P003" in set(near["person_id"])  # her recruiter


def test_task_13_victims_controllers(sessions) -> None:  # noqa: ANN001
    """By pseudonym: who controls, exploits, houses or recruited each victim (the review's own Cypher)."""
    service, direct = sessions
    text = ("MATCH (v:Person)-[r:ROLE_IN {role: 'victim'}]->(c:Case) WHERE c.case_id IN $case_ids "
            "MATCH (v)<-[l:CONTROLS|EXPLOITS|HOUSED|RECRUITED]-(s) "
            "RETURN v.person_id AS victim, type(l) AS how, coalesce(s.person_id, s.business_id) AS by "
            "ORDER BY victim, how, by")
    served, theirs = service.cypher(text), direct.cypher(text, {"case_ids": CASES})
    assert len(served) > 0
    same_rows(served, theirs, "controllers")
    assert all(v.startswith("V-") for v in served["victim"])
    same_answer(direct, service, "victim_workplaces", case_id="NO-GLANS")
    same_answer(direct, service, "suspect_victims", person_id="P003")


def test_task_15_timeline(sessions) -> None:  # noqa: ANN001
    """Recruitment dates by quarter: the dates arrive as dates to pandas in both sessions."""
    service, direct = sessions
    text = ("MATCH (s:Person)-[l:RECRUITED]->(v:Person) WHERE l.case_id IN $case_ids "
            "RETURN l.since AS since, s.person_id AS recruiter ORDER BY since, recruiter")
    served, theirs = service.cypher(text), direct.cypher(text, {"case_ids": CASES})
    assert len(served) == len(theirs) > 0
    quarters = [pd.to_datetime(frame["since"].astype(str)).dt.to_period("Q").value_counts().sort_index()
                for frame in (served, theirs)]
    assert quarters[0].to_dict() == quarters[1].to_dict()


def test_task_17_export(sessions, tmp_path: Path) -> None:  # noqa: ANN001
    """CSV and Excel of an analyst's frame hold the administrator's rows (victims by pseudonym)."""
    service, direct = sessions
    served = same_answer(direct, service, "victim_workplaces", case_id="NO-GLANS")
    served.to_csv(tmp_path / "w.csv", index=False)
    served.to_excel(tmp_path / "w.xlsx", index=False)
    back = pd.read_excel(tmp_path / "w.xlsx")
    assert back["business_id"].tolist() == served["business_id"].tolist()
    assert pd.read_csv(tmp_path / "w.csv")["business_id"].tolist() == served["business_id"].tolist()

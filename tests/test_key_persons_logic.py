"""The key-persons ranking on hand-built case networks (no database)."""

import json
import random
from datetime import date

import pytest

from queries.key_persons.rank import (
    KEY_PLAYER_LARGEST_WEIGHT,
    KEY_PLAYER_VICTIM_WEIGHT,
    WEIGHTS,
    key_player_set,
    rank_key_persons,
)
from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role, SharedIdentifier
from queries.network.person_graph import SHARED_GROUP_LIMIT, holding_graph, link_ref, person_graph, person_ties

IDENTIFIED = date(2024, 3, 1)


def _person(pid: str, role: str | None, identified: bool = False, case: str = "C1") -> Person:
    roles = [Role(case, role, IDENTIFIED if identified else None)] if role else []
    return Person(pid, name=pid.title(), roles=roles)


def car_wash_case() -> CaseNetwork:
    """A controller (kari) who owns a car wash; a recruiter (rec) she controls; a
    driver; a friend; five victims (v1-v3 identified), all working at the car wash,
    of whom v5 (recruited by rec) recruits v4."""
    persons = [
        _person("kari", "suspect"),
        _person("rec", "suspect"),
        _person("driver", "suspect"),
        _person("friend", "associate"),
        *(_person(f"v{i}", "victim", identified=i <= 3) for i in range(1, 6)),
    ]
    links = [
        *(Link("kari", "CONTROLS", f"v{i}", case_id="C1") for i in (1, 2, 3)),
        Link("kari", "CONTROLS", "rec", case_id="C1"),
        Link("rec", "RECRUITED", "v4", case_id="C1", evidence_id="E-chat"),
        Link("rec", "RECRUITED", "v5", case_id="C1"),
        Link("v5", "RECRUITED", "v4", case_id="C1"),
        Link("driver", "TRANSPORTED", "v1", case_id="C1"),
        Link("kari", "OWNS", "glans", case_id="C1", since=date(2019, 5, 1)),
        *(Link(f"v{i}", "WORKS_AT", "glans", case_id="C1") for i in range(1, 6)),
        Link("v1", "PAID", "kari", case_id="C1", amount=50_000),
        Link("v2", "PAID", "kari", case_id="C1", amount=40_000),
        Link("rec", "PAID", "kari", case_id="C1", amount=30_000),
        Link("kari", "COMMUNICATED_WITH", "friend", case_id="C1", since=date(2024, 1, 2)),
        Link("kari", "COMMUNICATED_WITH", "driver", case_id="C1"),
    ]
    evidence = [
        Evidence("E1", "C1", "kari", "passport_withheld", "seizure", True),
        Evidence("E2", "C1", "kari", "debt_bondage", "financial", True),
        Evidence("E3", "C1", "glans", "unreported_wages", "tax_record", True),
        Evidence("E4", "C1", "v1", "no_work_permit", "inspection", True),
    ]
    return CaseNetwork(
        case_ids=["C1"],
        jurisdiction="NO",
        persons={p.person_id: p for p in persons},
        businesses={"glans": Business("glans", "Glans Bilvask AS", sector="car_wash")},
        links=links,
        evidence=evidence,
    )


def bare_network() -> CaseNetwork:
    """No roles at all: two triangles of callers joined through one go-between."""
    ids = ["a1", "a2", "a3", "b1", "b2", "b3", "go"]
    pairs = [("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3"),
             ("a1", "go"), ("go", "b1")]
    return CaseNetwork(
        persons={p: Person(p) for p in ids},
        links=[Link(u, "COMMUNICATED_WITH", v) for u, v in pairs],
    )


def _reason(person, fragment: str):
    matches = [r for r in person.reasons if fragment in r.text]
    assert matches, [r.text for r in person.reasons]
    return matches[0]


def test_controller_outranks_everyone():
    result = rank_key_persons(car_wash_case())
    assert [p.person_id for p in result.ranking] == ["kari", "rec", "driver", "friend"]
    assert result.ranking[0].rank == 1 and result.ranking[0].score == 1.0


def test_no_victim_is_ranked():
    net = car_wash_case()
    result = rank_key_persons(net)
    ranked = {p.person_id for p in result.ranking}
    assert ranked == {"kari", "rec", "driver", "friend"}
    assert not any(net.persons[pid].is_victim for pid in ranked)
    assert result.excluded_victims == 4  # v1-v4; v5 is shown apart


def test_victim_who_recruits_is_shown_apart_with_the_warning():
    result = rank_key_persons(car_wash_case())
    assert [p.person_id for p in result.victim_offenders] == ["v5"]
    v5 = result.victim_offenders[0]
    assert v5.rank is None
    assert "non-punishment" in v5.warning and "Art. 26" in v5.warning and "2011/36/EU, Art. 8" in v5.warning
    assert "not formally identified" in v5.warning
    assert _reason(v5, "recruited 1 victim").facts == ("v4", "v5-[RECRUITED]->v4")


def test_identified_victim_who_recruits_is_never_ranked():
    net = car_wash_case()
    net.persons["v5"] = _person("v5", "victim", identified=True)
    result = rank_key_persons(net)
    assert "v5" not in {p.person_id for p in result.ranking}
    assert "(identified)" in result.victim_offenders[0].warning


def test_reasons_name_the_facts_behind_them():
    kari = rank_key_persons(car_wash_case()).ranking[0]
    controls = _reason(kari, "controls 3 victims (3 identified)")
    assert controls.component == "victims"
    assert {"v1", "v2", "v3", "kari-[CONTROLS]->v1"} <= set(controls.facts)

    through = _reason(kari, "through 1 person they control (Rec), 2 more victims (none identified)")
    assert {"v4", "v5", "kari-[CONTROLS]->rec", "rec-[RECRUITED]->v4", "E-chat"} <= set(through.facts)

    owns = _reason(kari, "owns Glans Bilvask AS, where 5 victims (3 identified) work")
    assert owns.component == "businesses"
    assert {"glans", "kari-[OWNS]->glans", "v5-[WORKS_AT]->glans"} <= set(owns.facts)

    money = _reason(kari, "received 120,000 in 3 payments from Rec, V1 and V2 (2 from victims)")
    assert set(money.facts) == {"v1-[PAID]->kari", "v2-[PAID]->kari", "rec-[PAID]->kari"}

    evidence = _reason(kari, "evidence: debt_bondage (financial), passport_withheld (seizure)")
    assert evidence.facts == ("E1", "E2")
    assert _reason(kari, "evidence about Glans Bilvask AS: unreported_wages (tax_record)").facts == ("glans", "E3")


def test_components_and_raw_values():
    kari = rank_key_persons(car_wash_case()).ranking[0]
    assert set(kari.components) == set(WEIGHTS)
    assert all(0.0 <= v <= 1.0 for v in kari.components.values())
    # 3 victims directly + 2 through rec, counted half.
    assert kari.raw["victims"] == 3 + 0.5 * 2
    assert kari.raw["businesses"] == 5
    assert kari.raw["money"] == 120_000
    assert kari.raw["evidence"] == 3  # E1, E2 about her, E3 about her business


def test_structure_only_network_still_ranks():
    result = rank_key_persons(bare_network())
    assert len(result.ranking) == 7 and not result.victim_offenders
    # Role components are absent everywhere, so only structure carries weight.
    assert result.weights["victims"] == 0.0 and result.weights["evidence"] == 0.0
    assert sum(result.weights.values()) == pytest.approx(1.0)
    top = result.ranking[0]
    # a1 and b1 join their triangle to go; go has the highest betweenness but the
    # lowest degree: betweenness decides among the three.
    assert {p.person_id for p in result.ranking[:3]} == {"go", "a1", "b1"}
    go = next(p for p in result.ranking if p.person_id == "go")
    broker = _reason(go, "only link between")
    assert "(betweenness rank 1)" in broker.text
    assert set(broker.facts) == {"a1", "b1"}
    assert top.score > 0


def test_articulation_point_phrasing_names_both_sides():
    go = next(p for p in rank_key_persons(bare_network()).ranking if p.person_id == "go")
    # Unnamed persons are labelled by id.
    assert _reason(go, "only link between 3 persons around a1 and 3 persons around b1")


def test_broker_between_two_cases():
    net = bare_network()
    for pid in ("a1", "a2", "a3"):
        net.persons[pid] = _person(pid, "suspect", case="A")
    for pid in ("b1", "b2", "b3"):
        net.persons[pid] = _person(pid, "suspect", case="B")
    net.persons["go"] = _person("go", "associate", case="A")
    net.case_ids = ["A", "B"]
    go = next(p for p in rank_key_persons(net).ranking if p.person_id == "go")
    assert _reason(go, "only link between case A (3 persons, via A1) and case B (3 persons, via B1)")
    assert set(_reason(go, "ties into 2 cases: A (A1) and B (B1)").facts) == {"a1", "b1"}
    assert go.person_id not in {p.person_id for p in rank_key_persons(net).victim_offenders}


def test_output_is_deterministic_and_independent_of_input_order():
    net = car_wash_case()
    first = rank_key_persons(net).to_dict()
    assert rank_key_persons(net).to_dict() == first
    shuffled = car_wash_case()
    rng = random.Random(4)
    rng.shuffle(shuffled.links)
    shuffled.persons = dict(rng.sample(sorted(shuffled.persons.items()), len(shuffled.persons)))
    assert rank_key_persons(shuffled).to_dict() == first


def test_to_dict_is_json():
    data = json.loads(json.dumps(rank_key_persons(car_wash_case()).to_dict()))
    first = data["ranking"][0]
    assert first["person_id"] == "kari" and first["rank"] == 1
    assert {"score", "components", "raw", "reasons"} <= set(first)
    assert first["reasons"][0].keys() == {"text", "facts", "component"}
    assert data["method"]["method"] == "exact"
    assert "exact betweenness" in data["method"]["description"]


def test_top_limits_the_ranking_only():
    result = rank_key_persons(car_wash_case(), top=1)
    assert [p.person_id for p in result.ranking] == ["kari"]
    assert [p.person_id for p in result.victim_offenders] == ["v5"]


def test_forced_sampling_is_reported():
    result = rank_key_persons(car_wash_case(), exact=False)
    assert result.method.method == "sampled"
    assert result.ranking[0].person_id == "kari"


def test_key_player_set_cuts_victims_off():
    kp = key_player_set(car_wash_case(), 2)
    assert kp.person_ids[0] == "kari"
    first = kp.steps[1]
    # Suspects' network: kari - rec, kari - driver, kari - friend (a star of 4).
    # Removing kari: F = 1 (three isolated persons); v1 stays held by the driver,
    # v5 by rec and v4 by rec and v5; v2 and v3 are cut off.
    assert kp.steps[0].victims_held == 5
    assert first.fragmentation == 1.0 and first.largest_share == pytest.approx(1 / 4)
    assert first.victims_held == 3 and first.victims_cut_off == 2
    # F stays 1 whoever goes next; rec cuts off two more (v4, v5), the driver one.
    assert kp.person_ids[1] == "rec"
    assert kp.steps[2].victims_cut_off == 4
    assert kp.suspects == 4
    assert str(KEY_PLAYER_VICTIM_WEIGHT) in kp.objective


def test_key_player_set_never_picks_a_victim():
    kp = key_player_set(car_wash_case(), 10)
    assert set(kp.person_ids) == {"kari", "rec", "driver", "friend"}
    assert json.loads(json.dumps(kp.to_dict()))["steps"][0]["person_id"] is None


def test_key_player_set_on_a_bare_network_takes_the_go_between():
    kp = key_player_set(bare_network(), 1)
    assert kp.person_ids == ["go"]
    # Two triangles left: F = 1 - (6 + 6) / 30 = 0.6; largest part 3 of 7.
    assert kp.steps[1].fragmentation == pytest.approx(0.6)
    assert kp.steps[1].largest_share == pytest.approx(3 / 7)
    assert kp.steps[1].victims_held == 0


def redundant_controllers() -> CaseNetwork:
    """Five suspects who all call each other; a and b both control v1 and v2, c alone v3."""
    ids = ["a", "b", "c", "d", "e"]
    calls = [Link(u, "COMMUNICATED_WITH", v) for i, u in enumerate(ids) for v in ids[i + 1:]]
    control = [Link(u, "CONTROLS", v) for u in ("a", "b") for v in ("v1", "v2")] + [Link("c", "CONTROLS", "v3")]
    persons = [_person(p, "suspect") for p in ids] + [_person(v, "victim") for v in ("v1", "v2", "v3")]
    return CaseNetwork(persons={p.person_id: p for p in persons}, links=calls + control)


def test_key_player_search_frees_the_victims_greedy_leaves_held():
    # Greedy takes c first (the only single removal that frees anyone: v3), then a, who
    # frees no one while b still controls v1 and v2. The search exchanges c for b:
    # removing a and b frees v1 and v2, 2 victims of 3 against 1.
    net = redundant_controllers()
    greedy = key_player_set(net, 2, search="greedy")
    assert greedy.person_ids[0] == "c" and greedy.steps[-1].victims_cut_off == 1
    assert greedy.search.method == "greedy" and "greedy" in greedy.search.describe()
    kp = key_player_set(net, 2)
    assert set(kp.person_ids) == {"a", "b"} and kp.steps[-1].victims_cut_off == 2
    assert [s.victims_held for s in kp.steps] == [3, 3, 1]
    report = kp.search
    assert (report.method, report.found_by, report.swaps, report.stopped_by_budget) == ("swap", "greedy", 1, False)
    assert report.value > report.greedy_value
    assert "the greedy set improved by 1 exchange;" in report.describe()
    assert KEY_PLAYER_LARGEST_WEIGHT > 0 and "largest part" in kp.objective


def test_key_player_search_budget_is_reported():
    kp = key_player_set(redundant_controllers(), 2, search_seconds=0)
    assert kp.person_ids == key_player_set(redundant_controllers(), 2, search="greedy").person_ids
    assert kp.search.stopped_by_budget and kp.search.budget == 0
    assert "stopped by the time budget" in kp.search.describe()
    data = json.loads(json.dumps(kp.to_dict()))
    assert data["search"]["stopped_by_budget"] is True and data["search"]["method"] == "swap"


def test_key_player_set_is_deterministic_and_independent_of_input_order():
    def without_time(kp) -> dict:
        data = kp.to_dict()
        data["search"].pop("seconds")
        return data

    first = without_time(key_player_set(car_wash_case(), 3, search_seconds=None))
    shuffled = car_wash_case()
    rng = random.Random(7)
    rng.shuffle(shuffled.links)
    shuffled.persons = dict(rng.sample(sorted(shuffled.persons.items()), len(shuffled.persons)))
    assert without_time(key_player_set(shuffled, 3, search_seconds=None)) == first
    assert without_time(key_player_set(car_wash_case(), 3, search_seconds=None)) == first


def test_person_graph_ties_and_attributes():
    g = person_graph(car_wash_case())
    assert g.nodes["v1"] == {"victim": True, "identified_victim": True}
    edge = g.edges["kari", "v1"]
    assert edge["types"] == ["CONTROLS", "PAID"]
    assert edge["via"] == ["glans"]  # both tied to the car wash
    assert g.edges["kari", "friend"]["since"] == date(2024, 1, 2)
    assert g.edges["v3", "v4"]["types"] == [] and g.edges["v3", "v4"]["via"] == ["glans"]
    assert [link_ref(l) for l in g.edges["rec", "v4"]["links"]] == ["rec-[RECRUITED]->v4"]


def test_person_graph_shared_identifiers_and_oversized_groups():
    net = bare_network()
    net.shared_identifiers = [
        SharedIdentifier("phone", "+4790000000", ("a2", "b2")),
        SharedIdentifier("address", "Storgata 1", tuple(f"x{i}" for i in range(SHARED_GROUP_LIMIT + 1)) + ("a3",)),
    ]
    g = person_graph(net)
    assert g.edges["a2", "b2"]["via"] == ["phone:+4790000000"]
    assert g.graph["oversized_groups"] == []  # the x* are not persons of this network
    for i in range(SHARED_GROUP_LIMIT + 1):
        net.persons[f"x{i}"] = Person(f"x{i}")
    g = person_graph(net)
    assert g.graph["oversized_groups"] == [{"via": "address:Storgata 1", "persons": SHARED_GROUP_LIMIT + 2, "tied_to": "nobody"}]
    assert not g.has_edge("a3", "x0")


def test_oversized_business_ties_its_staff_to_its_controllers_only():
    staff = [f"w{i:02d}" for i in range(SHARED_GROUP_LIMIT + 1)]
    persons = {p: Person(p) for p in ["boss", "co", "friend", *staff]}
    links = [Link("boss", "OWNS", "big"), Link("co", "DIRECTS", "big"), Link("boss", "CALLED", "friend")]
    links += [Link(w, "WORKS_AT", "big") for w in staff]
    net = CaseNetwork(persons=persons, businesses={"big": Business("big", "Big AS")}, links=links,
                      shared_identifiers=[SharedIdentifier("phone", "+4791111111", ("w00", "w01", "friend"))])
    g = person_graph(net)
    assert g.graph["oversized_groups"] == [{"via": "big", "persons": SHARED_GROUP_LIMIT + 3, "tied_to": "controllers"}]
    assert g.edges["boss", "co"]["via"] == ["big"] and g.edges["co", "w07"]["via"] == ["big"]
    assert g.edges["w00", "w01"]["via"] == ["phone:+4791111111"]  # the phone, not the employer
    assert not g.has_edge("w02", "w03")
    expected = 1 + 2 * len(staff) + 3 + 1  # controllers, controllers-staff, the phone's three, the call
    assert g.number_of_edges() == expected
    ties = person_ties(net)
    graph = ties.to_igraph()
    assert sorted(tuple(sorted((graph.vs[e.source]["name"], graph.vs[e.target]["name"]))) for e in graph.es) == sorted(
        tuple(sorted(e)) for e in g.edges
    )


def test_holding_graph():
    g = holding_graph(car_wash_case())
    assert g.has_edge("kari", "glans") and g.has_edge("glans", "v1")
    assert g.has_edge("v5", "v4") and not g.has_edge("kari", "friend")


def test_control_chain_is_traced_link_by_link():
    persons = [_person(p, "suspect") for p in ("boss", "lieut", "rec", "far1", "far2")]
    persons += [_person(v, "victim") for v in ("v1", "v2", "v3")]
    links = [
        Link("boss", "CONTROLS", "lieut"),
        Link("lieut", "CONTROLS", "rec"),
        Link("rec", "RECRUITED", "v1"),
        Link("rec", "RECRUITED", "v2"),
        # Four levels down from boss: beyond CONTROL_DEPTH (3).
        Link("rec", "CONTROLS", "far1"),
        Link("far1", "CONTROLS", "far2"),
        Link("far2", "EXPLOITS", "v3"),
    ]
    net = CaseNetwork(persons={p.person_id: p for p in persons}, links=links)
    boss = next(p for p in rank_key_persons(net).ranking if p.person_id == "boss")
    through = _reason(boss, "through 1 person they control (Rec), 2 more victims (none identified)")
    assert set(through.facts) == {
        "v1", "v2", "boss-[CONTROLS]->lieut", "lieut-[CONTROLS]->rec", "rec-[RECRUITED]->v1", "rec-[RECRUITED]->v2",
    }
    assert boss.raw["victims"] == 0.5 * 2
    lieut = next(p for p in rank_key_persons(net).ranking if p.person_id == "lieut")
    assert lieut.raw["victims"] == 0.5 * 3  # v1, v2 through rec; v3 through far2, 3 levels down


def test_business_managed_and_employment_links():
    net = CaseNetwork(
        persons={p.person_id: p for p in (_person("m", "suspect"), _person("v1", "victim", identified=True))},
        businesses={"shop": Business("shop", "Shop AS")},
        links=[Link("m", "MANAGES", "shop"), Link("shop", "EMPLOYS", "v1")],
    )
    m = rank_key_persons(net).ranking[0]
    reason = _reason(m, "manages Shop AS, where 1 victim (1 identified) works")
    assert set(reason.facts) == {"shop", "v1", "m-[MANAGES]->shop", "shop-[EMPLOYS]->v1"}
    assert person_graph(net).edges["m", "v1"]["via"] == ["shop"]


def test_business_that_houses_victims():
    # A flat-rental company, owned by nobody else in the case, that HOUSED two victims.
    persons = [_person("owner", "suspect"), _person("v1", "victim", identified=True), _person("v2", "victim")]
    net = CaseNetwork(
        persons={p.person_id: p for p in persons},
        businesses={"flats": Business("flats", "Sentrum Utleie AS")},
        links=[Link("owner", "OWNS", "flats"), Link("flats", "HOUSED", "v1"), Link("flats", "HOUSED", "v2")],
    )
    owner = rank_key_persons(net).ranking[0]
    reason = _reason(owner, "owns Sentrum Utleie AS, which housed 2 victims (1 identified)")
    assert set(reason.facts) == {"flats", "v1", "v2", "owner-[OWNS]->flats", "flats-[HOUSED]->v1", "flats-[HOUSED]->v2"}
    assert person_graph(net).edges["owner", "v2"]["via"] == ["flats"]
    kp = key_player_set(net, 1)
    assert kp.person_ids == ["owner"] and kp.steps[1].victims_cut_off == 2


def test_empty_and_victims_only_networks():
    empty = rank_key_persons(CaseNetwork())
    assert empty.ranking == [] and empty.method.method == "exact"
    only_victims = CaseNetwork(persons={"v": _person("v", "victim")})
    result = rank_key_persons(only_victims)
    assert result.ranking == [] and result.excluded_victims == 1
    kp = key_player_set(only_victims, 3)
    assert kp.person_ids == [] and len(kp.steps) == 1
    with pytest.raises(ValueError, match="size must be >= 0"):
        key_player_set(only_victims, -1)

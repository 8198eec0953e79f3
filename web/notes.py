"""What a note is about, and the notes a reader may read (the panels' notes, web/routes/notes.py, and the
court PDF's chosen notes, web/routes/export.py).

A note's subject is a person, a business or a link, as this view names it (a victim under her pseudonym in
a hidden view); the store keeps real ids. A note that touches a victim (about her, or a link to her) is
sealed like her other values: read only by a reader who has revealed identities with a purpose, and that
read audited (`note-read`, her id and the purpose).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from queries.network.model import CaseNetwork
from service import views
from service.note_store import Kind, Note, note_store, subject_key, subject_of
from service.problems import Problem
from service.release import audit
from web.context import CasePage
from web.user_text import colleagues_title


@dataclass(frozen=True)
class Subject:
    kind: Kind
    shown: dict[str, str]  # the ids as this view names them (the page's addresses): {"id"} or {"s", "type", "t"}
    key: str  # the store's subject (service/note_store.py `subject_key`): real ids
    victims: list[str]  # the victims it touches, real ids: sealed, and named in the audit


def person(case: CasePage, person_id: str) -> Subject:
    network, key = views.person_key(case.viewer, case.case_id, person_id)
    real = case.viewer.person_id(key)
    return Subject("person", {"id": key}, subject_key("person", real), [real] if network.persons[key].is_victim else [])


def business(case: CasePage, business_id: str) -> Subject:
    if business_id not in case.viewer.case_network(case.case_id).businesses:
        raise Problem(404, "not-found", "no such business in this case")
    return Subject("business", {"id": business_id}, subject_key("business", business_id), [])


def link(case: CasePage, source: str, type_: str, target: str) -> Subject:
    """A link between two parties of the case as this view names them (404 if there is none)."""
    network = case.viewer.case_network(case.case_id)
    if not any(l.source_id == source and l.type == type_ and l.target_id == target for l in network.links):
        raise Problem(404, "not-found", "no such link in this case")
    ends = [_real(case, network, x) for x in (source, target)]
    victims = [real for x, real in zip((source, target), ends, strict=True)
               if x in network.persons and network.persons[x].is_victim]
    return Subject("link", {"s": source, "type": type_, "t": target},
                   subject_key("link", f"{ends[0]}|{type_}|{ends[1]}"), victims)


def _real(case: CasePage, network: CaseNetwork, party: str) -> str:
    return case.viewer.person_id(party) if party in network.persons else party


def readable(case: CasePage, victims: list[str]) -> bool:
    return not victims or bool(case.purpose)


def shown(case: CasePage, notes: list[Note], victims: list[str], what: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The notes as this reader may read them (a sealed one without its text), and the reader's own texts
    (left as typed by the release step); a victim's notes read are audited."""
    can = readable(case, victims)
    out, own = [], []
    for n in notes:
        text, mine = colleagues_title(case, n.author, n.opened(case.services.sealer)) if can else ("", False)
        out.append({"note_id": n.note_id, "author": n.author, "written_at": n.written_at, "text": text,
                    "sealed": not can})
        if mine:
            own.append(text)
    if victims and can and notes:
        audit(case.services, case.web.user, case.request.scope, status=200, records=victims, purpose=case.purpose,
              note={"action": "note-read", "detail": f"{len(notes)} notes {what}"})
    return out, own


def case_notes(case: CasePage) -> list[tuple[Note, str, list[str]]]:
    """Every note of the case with what it is about in words (ids as this view names them) and the victims
    it touches (real ids): the court PDF's choice."""
    network = case.viewer.case_network(case.case_id)
    out = []
    for n in note_store(case.services.settings.home).case(case.case_id):
        kind, sid = subject_of(n.subject_id)
        if kind == "person":
            key = case.viewer.key_in(network, sid)
            about, victims = f"person {key}", [sid] if key in network.persons and network.persons[key].is_victim else []
        elif kind == "business":
            about, victims = f"business {sid}", []
        else:
            s, type_, t = (sid.split("|") + ["", "", ""])[:3]
            ends = [case.viewer.key_in(network, x) for x in (s, t)]
            victims = [real for real, k in zip((s, t), ends, strict=True)
                       if k in network.persons and network.persons[k].is_victim]
            about = f"link {ends[0]} → {ends[1]} ({type_.lower().replace('_', ' ')})"
        out.append((n, about, victims))
    return out


def chosen(case: CasePage, note_ids: list[int]) -> tuple[list[dict[str, Any]], list[str]]:
    """The notes chosen for a PDF, in the order written, as this reader may read them (a victim's sealed note
    as sealed without a purpose), and the reader's own texts."""
    wanted = set(note_ids)
    out, own = [], []
    for note, about, victims in case_notes(case):
        if note.note_id in wanted:
            [row], mine = shown(case, [note], victims, f"in a PDF, {about}")
            out.append(row | {"about": about})
            own += mine
    return out, own


def choices(case: CasePage) -> list[dict[str, Any]]:
    """The case's notes to choose from for a PDF: what each is about, who wrote it and when, whether it is
    sealed for this reader; never its text (choosing reads nothing)."""
    return [{"note_id": n.note_id, "about": about, "author": n.author, "written_at": n.written_at,
             "sealed": not readable(case, victims)} for n, about, victims in case_notes(case)]

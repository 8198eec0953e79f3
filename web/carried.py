"""What a page carries across a reveal (or a hide) of victims' identities: the workbench's ticked actions and
a person's address, from the view before (a victim who offends is a pseudonym while hidden) into the view
after (her real id once revealed). Used by the reveal and hide handlers (web/routes/cases.py)."""

from __future__ import annotations

from service.viewer import Viewer
from web.context import CasePage

#: Ticks carried across a reveal at most (the workbench offers twenty persons' options).
MAX_KEPT = 400


def carried(case: CasePage, actions: list[str], hidden_after: bool) -> list[str]:
    """The ticked actions of a workbench (`person:P002:offence:strl_257`), in the view after."""
    parts = [(kind, *rest.partition(":")[::2]) for kind, _, rest in (v.partition(":") for v in actions[:MAX_KEPT])]
    persons = iter(carried_persons(case, [who for kind, who, _ in parts if kind == "person" and who], hidden_after))
    return [f"{kind}:{next(persons) if kind == 'person' and who else who}:{what}" for kind, who, what in parts]


def carried_persons(case: CasePage, ids: list[str], hidden_after: bool) -> list[str]:
    """Persons' ids in the view before a reveal (or a hide) as the view after names them."""
    after = Viewer(case.services, case.web.user, hidden=hidden_after)
    network = after.case_network(case.case_id)
    return [after.key_in(network, case.viewer.person_id(who)) for who in ids]

"""The error a bad rule pack raises: apart from the loader, so that catching it (the CLI does,
for every command) does not load pydantic and the packs' models."""

from __future__ import annotations

from graph.errors import InvalidArgument, ThbgraphError


class RulePackInvalid(ThbgraphError):
    """A pack or the vocabulary failed its checks; `.errors` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


class UnknownRule(InvalidArgument):
    """An offence or measure code the pack does not hold; the message lists the codes it does."""

    def __init__(self, code: str, jurisdiction: str, codes: list[str]) -> None:
        self.code, self.jurisdiction = code, jurisdiction
        super().__init__(f"unknown offence or measure code '{code}' in the {jurisdiction} pack; "
                         f"its codes are: {', '.join(codes)}")

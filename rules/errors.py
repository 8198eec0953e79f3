"""The error a bad rule pack raises: apart from the loader, so that catching it (the CLI does,
for every command) does not load pydantic and the packs' models."""

from __future__ import annotations

from graph.errors import ThbgraphError


class RulePackInvalid(ThbgraphError):
    """A pack or the vocabulary failed its checks; `.errors` holds one line per problem."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))

"""Every error the core and the service layer raise on purpose is a `ThbgraphError`, so that a face
can tell a user's mistake (or the world's: no database, no audit log) from a bug."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

from graph.errors import ThbgraphError

PACKAGES = ("graph", "rules", "ingest", "resolve", "queries", "service")
#: Not errors of the domain: an HTTP answer a route raises to stop (api/problems.py sends it); the
#: columnar pass's signal to hand a bundle to the row pass, caught where it is raised (ingest/frames.py).
NOT_DOMAIN = {"service.problems.Problem", "ingest.frames._Undecided"}


def _errors() -> list[type[BaseException]]:
    found = []
    for top in PACKAGES:
        package = importlib.import_module(top)
        for info in pkgutil.walk_packages(package.__path__, f"{top}."):
            module = importlib.import_module(info.name)
            found += [obj for obj in vars(module).values()
                      if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == info.name
                      and f"{obj.__module__}.{obj.__qualname__}" not in NOT_DOMAIN]
    return found


ERRORS = _errors()


@pytest.mark.parametrize("error", ERRORS, ids=[f"{e.__module__}.{e.__qualname__}" for e in ERRORS])
def test_every_domain_error_is_a_thbgraph_error(error: type[BaseException]) -> None:
    assert issubclass(error, ThbgraphError), error.__mro__


def test_the_cli_reads_every_thbgraph_error_as_the_users():
    from cli.console import USER_ERRORS

    assert ThbgraphError in USER_ERRORS

"""The neo4j driver in a `thbgraph` process, without pandas.

When pandas is installed (the analyst extra), the driver imports it with its own first import
(neo4j/_optional_deps.py), only to pack pandas values sent as parameters: about a second of every
command that connects, most of a 100-person `thbgraph load`. No command sends one: analysts'
parameters reach the driver as plain Python values (service/cypher_params.py makes numpy and pandas
values plain, in the notebook and in the service alike), and notebooks are processes of their own.

So `thbgraph` runs the driver's optional-dependency module as if pandas were not installed: only
that module, only in the `thbgraph` program (never in a process that imports `cli.main` as a
library, such as the tests'), and only when nothing imported pandas before it. pandas stays
importable for everything else (the driver's own `Result.to_df` imports it when called). numpy is
left to the driver: the analyses send numpy values.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType

__all__ = ["driver_without_pandas"]

DEPS = "neo4j._optional_deps"
HIDDEN = "pandas"


class _Hidden(Loader):
    """Runs the driver's module with `import pandas` failing, as it fails where pandas is absent."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        sys.modules[HIDDEN] = None  # type: ignore[assignment]  # None here: ImportError on import
        try:
            self.loader.exec_module(module)
        finally:
            if HIDDEN in sys.modules and sys.modules[HIDDEN] is None:
                del sys.modules[HIDDEN]


class _Finder(MetaPathFinder):
    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None) -> ModuleSpec | None:
        if name != DEPS:
            return None
        sys.meta_path.remove(self)  # the module is imported once
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and spec.loader is not None and HIDDEN not in sys.modules:
            spec.loader = _Hidden(spec.loader)
        return spec


def driver_without_pandas() -> None:
    """Let the driver, when this process imports it, import without pandas (see the module's text)."""
    if DEPS not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())

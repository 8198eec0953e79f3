"""The exceptions every layer shares; each names what the user must fix."""


class ThbgraphError(Exception):
    """Base of every error this project raises on purpose."""


class Neo4jUnavailable(ThbgraphError):
    """No database answers where the settings point."""


class LocalRuntimeError(ThbgraphError):
    """The local Neo4j runtime cannot be set up or started."""


class InvalidArgument(ThbgraphError, ValueError):
    """A value the user gave (a command's option, a function's argument) is outside what it takes;
    the message says what it takes. Also a ValueError, which callers caught before it existed."""


class DiskFull(ThbgraphError):
    """Too little free space where a step writes; the message names the folder and the space free."""

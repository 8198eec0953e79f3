"""The exceptions every layer shares; each names what the user must fix."""


class ThbgraphError(Exception):
    """Base of every error this project raises on purpose."""


class Neo4jUnavailable(ThbgraphError):
    """No database answers where the settings point."""


class LocalRuntimeError(ThbgraphError):
    """The local Neo4j runtime cannot be set up or started."""

"""The web app's pages, one module per page family, each router under PREFIX (the audit names routes by it)."""

PREFIX = "/web"

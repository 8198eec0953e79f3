"""The web app's pages, one module per page family."""

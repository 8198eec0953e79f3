"""Where the faces meet: the one ASGI app `thbgraph serve` runs (the HTTP API with the web app on it)."""

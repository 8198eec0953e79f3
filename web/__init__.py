"""The web app for investigators and prosecutors, over the same service layer as the HTTP API."""

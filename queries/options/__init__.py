"""Options for a person: support, scope, flags, victims' standing and protection loss."""

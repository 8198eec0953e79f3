"""Charge plans: model, evaluation, comparison, suggestions and outcomes."""

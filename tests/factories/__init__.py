"""Factories for tests, one module per area (accounts, registry, training...)."""

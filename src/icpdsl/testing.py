"""Hypothesis strategies for property-testing ICP rule sets (the `icpdsl[testing]` extra)."""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    """Called by Hypothesis through its entry point; registers icpdsl's strategies."""

"""Fixtures of the staff tests: the demo loaded once per module, and its cast (those of the
cycle tests)."""

from tests.apps.cycles.conftest import actor, client_as, cycle, demo_module, final, first_half

__all__ = ["actor", "client_as", "cycle", "demo_module", "final", "first_half"]

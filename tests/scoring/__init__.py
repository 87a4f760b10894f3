"""Tests of the framework-free scoring core: no database, no Django."""

"""Scheduling: a thin wrapper over py-fsrs and the pure logic of today's queue."""

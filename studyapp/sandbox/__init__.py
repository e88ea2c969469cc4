"""Run learners' drill code in an isolated child, checked by a warm trusted server.

``client`` (no torch) is what the UI and CLI use; ``server`` is the trusted
process with torch imported; ``zygote`` forks one isolated child per attempt.
"""

from __future__ import annotations

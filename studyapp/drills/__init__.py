"""The drill definition API used by ``content/drills/*.py``.

A drill file defines one module-level ``DRILL = Drill(...)``. Only the sandbox
server imports drill files (they need torch); the UI reads the sibling TOML.
Importing this package does not import torch.
"""

from __future__ import annotations

from studyapp.drills.api import Case, Drill, Forbid, Mistake, Rule

__all__ = ["Case", "Drill", "Forbid", "Mistake", "Rule"]

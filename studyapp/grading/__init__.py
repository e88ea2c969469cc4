"""Feedback on written explanations: key-point coverage and a suggested rating.

Pure Python (no Textual, torch or database), so the TUI, the CLI and the
benchmark share one implementation and tests call it directly.
"""

from studyapp.grading.feedback import (
    RATING_NAMES,
    Feedback,
    PointResult,
    explain,
    rating_value,
    suggest_rating,
)

__all__ = [
    "RATING_NAMES",
    "Feedback",
    "PointResult",
    "explain",
    "rating_value",
    "suggest_rating",
]

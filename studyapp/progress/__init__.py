"""Statistics over the review history: pure functions of rows to numbers."""

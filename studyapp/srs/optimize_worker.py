"""The fitting process: ``python -m studyapp.srs.optimize_worker`` (imports torch).

Reads ``{"current": [...], "reviews": [[card_id, rating, iso_time, duration_ms], ...]}``
on stdin and prints ``{"parameters": [...], "old": {...}, "new": {...}}`` on stdout,
where old/new are :class:`studyapp.srs.optimize.Metrics` of the current and the
fitted parameters on the same history.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime

from studyapp.srs.optimize import Entry, evaluate


def main() -> int:
    """Fit, evaluate, print JSON."""
    from fsrs import Optimizer, Rating, ReviewLog  # torch is imported here, in this process only

    request = json.load(sys.stdin)
    entries = [Entry(c, int(r), datetime.fromisoformat(t), d) for c, r, t, d in request["reviews"]]
    numbers = {card: n for n, card in enumerate(sorted({e.card_id for e in entries}))}
    logs = [ReviewLog(numbers[e.card_id], Rating(e.rating), e.reviewed_at, e.duration_ms)
            for e in entries]
    fitted = Optimizer(logs).compute_optimal_parameters(verbose=False)
    result = {
        "parameters": [float(p) for p in fitted],
        "old": evaluate(request["current"], entries).__dict__,
        "new": evaluate(fitted, entries).__dict__,
    }
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

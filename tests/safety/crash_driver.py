"""A scripted study session in its own process, for the crash tests to SIGKILL.

Usage: ``python crash_driver.py DB DECK SEED [MAX_REVIEWS]``. Opens the real
service (sync, upgrade and all), then rates whatever the queue shows, as fast
as it can, printing ``committed <review id>`` only after the rating's
transaction has returned. The test kills it at a random moment and checks
that every printed id is in the database.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp.config import Settings
from studyapp.service import StudyService

START = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)


def main(db: str, deck: str, seed: int, limit: int) -> None:
    rng = random.Random(seed)
    now = [START + timedelta(days=seed)]  # each run's clock starts later than the last

    def clock() -> datetime:
        return now[0]

    settings = Settings(db=db, content_dir=Path(deck), clock=clock, start_sandbox=False,
                        new_per_day=1000)
    service = StudyService.open(settings)
    print("open", flush=True)
    done = 0
    while done < limit:
        queue = service.queue()
        card_id = queue.next_id
        if card_id is None:
            now[0] += timedelta(hours=12)
            continue
        rated = service.rate(card_id, rng.choice([1, 2, 3, 3, 3, 4]),
                             shown=service.state(card_id), answer=f"run {seed}")
        if rated.recorded:
            print(f"committed {rated.review_id}", flush=True)
            done += 1
        now[0] += timedelta(minutes=rng.randint(1, 30))
    service.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]),
         int(sys.argv[4]) if len(sys.argv) > 4 else 10**9)

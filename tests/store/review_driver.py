"""One learner's scripted session in its own process, for the concurrency tests.

Usage: ``python review_driver.py DB DECK PROFILE REVIEWS``. Opens the real
service (creating, upgrading and syncing the database as the app does),
prints ``ready`` and waits for a line on stdin so several drivers rate at
once, then rates whatever the queue shows with a fixed pattern on a clock
that moves one minute per step (six hours when nothing is due). Prints
``ok REVIEW_ID CARD`` after each committed rating and ``refused CARD`` when
another process rated that shown card first.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studyapp.config import Settings
from studyapp.service import StudyService

START = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
RATINGS = (3, 1, 3, 4, 2, 3)


def main(db: str, deck: str, profile: str, reviews: int) -> None:
    now = [START]
    settings = Settings(db=db, content_dir=Path(deck), clock=lambda: now[0],
                        start_sandbox=False, new_per_day=1000, profile=profile)
    service = StudyService.open(settings)
    print("ready", flush=True)
    sys.stdin.readline()
    done = step = 0
    while done < reviews:
        card_id = service.queue().next_id
        step += 1
        if card_id is None:  # nothing due: skip ahead to the next study time
            now[0] += timedelta(hours=6)
        else:
            rated = service.rate(card_id, RATINGS[step % len(RATINGS)],
                                 shown=service.state(card_id), answer=f"{profile} {step}")
            if rated.recorded:
                print(f"ok {rated.review_id} {card_id}", flush=True)
                done += 1
            else:
                print(f"refused {card_id}", flush=True)
        now[0] += timedelta(minutes=1)
    service.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]))

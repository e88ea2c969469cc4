"""Memory over a long session: 500 reviews and 100 drill checks in one process.

The UI process's work without the screens: the real :class:`StudyService`
(queue, rate, dashboard refreshes) and the real warm sandbox
(:class:`SandboxClient`), on a fresh database with the bundled deck and a
clock that moves on as a learner would. Resident memory of this process and
of the sandbox server is read after a warm-up and at the end; the target is
no growth beyond a few MB.

    python benchmarks/long_session.py [--reviews 500] [--checks 100]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studyapp.config import Settings, bundled_content_dir  # noqa: E402
from studyapp.sandbox.client import SandboxClient  # noqa: E402
from studyapp.service import StudyService  # noqa: E402

DRILL_ID = "mnist-distance"
CODE = "import torch\n\ndef mnist_distance(a, b):\n    return (a - b).abs().mean((-2, -1))\n"
WARMUP = (20, 5)
GROWTH_TARGET_MB = 5.0


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size of ``pid`` from /proc, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Session:
    """A learner at work: rate what the queue shows, check a drill now and then."""

    def __init__(self, service: StudyService, client: SandboxClient,
                 clock: list[datetime]) -> None:
        self.service, self.client, self.clock = service, client, clock
        self.reviews = self.checks = 0
        self.drill = service.item(DRILL_ID)

    def review(self) -> None:
        while (card_id := self.service.queue().next_id) is None:
            self.clock[0] += timedelta(hours=8)
        rating = (3, 3, 1, 4, 2)[self.reviews % 5]
        assert self.service.rate(card_id, rating, shown=self.service.state(card_id),
                                 answer="pixels and gradients " * 5).recorded
        self.reviews += 1
        self.clock[0] += timedelta(minutes=2)
        if self.reviews % 50 == 0:
            self.service.dashboard()

    def check(self) -> None:
        verdict = self.client.check(self.drill, CODE)
        assert verdict["passed"], verdict
        self.service.record_attempt(DRILL_ID, code=CODE, verdict=verdict, hints_used=0)
        self.checks += 1

    def run(self, reviews: int, checks: int) -> None:
        every = max(1, reviews // max(1, checks))
        while self.reviews < reviews or self.checks < checks:
            if self.reviews < reviews:
                self.review()
            if self.checks < checks and (self.reviews % every == 0 or self.reviews >= reviews):
                self.check()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=500)
    parser.add_argument("--checks", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        clock = [datetime(2026, 12, 3, 8, 0, tzinfo=UTC)]
        settings = Settings(db=str(Path(tmp) / "long.sqlite"), content_dir=bundled_content_dir(),
                            clock=lambda: clock[0], start_sandbox=False, new_per_day=1000)
        service = StudyService.open(settings)
        client = SandboxClient()
        client.wait_ready()
        session = Session(service, client, clock)
        started = time.perf_counter()
        session.run(*WARMUP)
        gc.collect()
        server = client.pid
        start = (rss_mb(), rss_mb(server))
        session.run(args.reviews + WARMUP[0], args.checks + WARMUP[1])
        gc.collect()
        end = (rss_mb(), rss_mb(server))
        seconds = time.perf_counter() - started
        torch_in_ui = "torch" in sys.modules
        client.close()
        service.close()
    growth = (end[0] - start[0], end[1] - start[1])
    print(f"{session.reviews - WARMUP[0]} reviews, {session.checks - WARMUP[1]} drill checks "
          f"in {seconds:.1f} s (after a warm-up of {WARMUP[0]} and {WARMUP[1]})")
    print(f"UI process RSS     {start[0]:7.1f} MB -> {end[0]:7.1f} MB  ({growth[0]:+.1f} MB)")
    print(f"sandbox server RSS {start[1]:7.1f} MB -> {end[1]:7.1f} MB  ({growth[1]:+.1f} MB)")
    print("RESULT " + json.dumps({
        "reviews": session.reviews - WARMUP[0], "checks": session.checks - WARMUP[1],
        "seconds": round(seconds, 1), "ui_start_mb": round(start[0], 1),
        "ui_end_mb": round(end[0], 1), "server_start_mb": round(start[1], 1),
        "server_end_mb": round(end[1], 1), "torch_in_ui": torch_in_ui}))
    return 0 if max(growth) < GROWTH_TARGET_MB and not torch_in_ui else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Plain-text wording of the progress figures, shared by ``studyapp stats`` and the TUI."""

from __future__ import annotations

from studyapp.progress.report import ProgressReport


def percent(value: float | None) -> str:
    """``0.912`` as ``91%``; no value as an en dash."""
    return "–" if value is None else f"{value:.0%}"


def summary_lines(report: ProgressReport) -> list[str]:
    """A short human summary of every figure (one fact per line)."""
    h, r, f, t, d = report.heatmap, report.retention, report.forecast, report.time, report.drills
    recent = [w for w in r.weeks[-4:] if w.reviews]
    recent_n = sum(w.reviews for w in recent)
    recent_ok = sum(w.passed for w in recent)
    lines = [
        f"Streak              {h.current_streak} days (longest {h.longest_streak})",
        f"Reviews, 26 weeks   {sum(h.counts)}",
        f"True retention      {percent(r.overall)} of {r.reviews} reviews; last 4 weeks "
        f"{percent(recent_ok / recent_n if recent_n else None)} of {recent_n}",
        f"Due next 7 days     {sum(f.counts[:7])} (30 days: {sum(f.counts)})",
        f"Time, last 7 days   {sum(t.minutes[-7:]):.0f} min (total {t.total_minutes:.0f} min "
        f"over {t.days_studied} days)",
        f"Drills first try    {d.first_try} of {d.attempted} attempted ({d.total} drills)",
        "",
        "Topic          seen   recall  weakest",
    ]
    for m in report.mastery:
        weakest = ", ".join(f"{c.card_id} {percent(c.recall)}" for c in m.weakest)
        lines.append(f"{m.topic:<13} {m.seen:>3}/{m.total:<3} {percent(m.mean_recall):>6}  "
                     f"{weakest}")
    return lines

"""A calendar heatmap: one column per week, one row per weekday, shaded by reviews that day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from rich.text import Text
from textual.widgets import Static

SHADES = ("#545d68", "#0e4429", "#006d32", "#26a641", "#39d353")
GLYPHS = ("·", "▪", "▪", "■", "■")  # readable without colour too
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")


def shade_levels(counts: Sequence[int]) -> list[int]:
    """0 for no reviews, else 1-4 by quartile of the non-zero days."""
    busy = sorted(c for c in counts if c > 0)
    if not busy:
        return [0] * len(counts)
    cuts = [busy[min(len(busy) - 1, (len(busy) * q) // 4)] for q in (1, 2, 3)]
    return [0 if c <= 0 else 1 + sum(c > cut for cut in cuts) for c in counts]


def month_line(start: date, weeks: int, cell: int) -> str:
    """Month names above the first week column that starts in that month."""
    line = [" "] * (weeks * cell)
    for week in range(weeks):
        monday = start + timedelta(weeks=week)
        if week == 0 or monday.day <= 7:
            name = monday.strftime("%b")
            at = week * cell
            if all(c == " " for c in line[max(0, at - 1): at + len(name)]):
                line[at: at + len(name)] = name
    return "".join(line).rstrip()


class CalendarHeatmap(Static):
    """Reviews per day; ``start`` must be a Monday, ``counts`` run from it to today."""

    DEFAULT_CSS = """
    CalendarHeatmap {
        height: auto;
        width: auto;
        padding: 0 1;
    }
    """

    CELL = 2

    def plot(self, start: date, counts: Sequence[int]) -> None:
        """Draw the calendar for ``counts`` (day 0 is ``start``)."""
        weeks = (len(counts) + 6) // 7
        levels = shade_levels(counts)
        text = Text()
        text.append("    " + month_line(start, weeks, self.CELL) + "\n", style="dim")
        for weekday in range(7):
            text.append(f"{WEEKDAYS[weekday]:<4}", style="dim")
            for week in range(weeks):
                index = week * 7 + weekday
                if index >= len(counts):
                    text.append(" " * self.CELL)
                else:
                    level = levels[index]
                    text.append(GLYPHS[level], style=SHADES[level])
                    text.append(" " * (self.CELL - 1))
            text.append("\n")
        text.append("    less ", style="dim")
        for glyph, shade in zip(GLYPHS, SHADES, strict=True):
            text.append(f"{glyph} ", style=shade)
        busiest = max(counts, default=0)
        text.append(f"more   (busiest day: {busiest} reviews)", style="dim")
        self.update(text)

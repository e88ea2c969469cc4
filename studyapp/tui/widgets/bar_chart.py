"""A vertical bar chart drawn with eighth-block characters: readable at 80x24, no dependency."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

EIGHTHS = " ▁▂▃▄▅▆▇█"


def bar_rows(values: Sequence[float], height: int, width: int = 1,
             top: float | None = None) -> list[str]:
    """The chart as ``height`` strings, top row first; each value is ``width`` cells wide.

    Bars are scaled so ``top`` (default: the largest value) fills the height; any
    non-zero value shows at least one eighth so a small day is never invisible.
    """
    peak = top if top is not None else max(values, default=0)
    scale = (height * 8 / peak) if peak > 0 else 0.0
    eighths = [0 if v <= 0 else max(1, round(v * scale)) for v in values]
    rows = []
    for row in range(height - 1, -1, -1):
        cells = []
        for e in eighths:
            level = min(8, max(0, e - row * 8))
            cells.append(EIGHTHS[level] * width)
        rows.append("".join(cells))
    return rows


def axis_line(labels: Sequence[tuple[int, str]], length: int) -> str:
    """A line of ``length`` cells with each ``(position, label)`` written at its position."""
    line = [" "] * length
    for position, label in labels:
        start = max(0, min(position, length - len(label)))
        if all(c == " " for c in line[max(0, start - 1): start + len(label) + 1]):
            line[start: start + len(label)] = label
    return "".join(line)


class BarChart(Static):
    """Bars with a y-axis scale on the left and labels under chosen columns."""

    DEFAULT_CSS = """
    BarChart {
        height: auto;
        width: auto;
        padding: 0 1;
    }
    """

    def __init__(self, *, height: int = 8, bar_width: int = 2, style: str = "green",
                 id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id)
        self.chart_height = height
        self.bar_width = bar_width
        self.bar_style = style
        self.values: tuple[float, ...] = ()

    def plot(self, values: Sequence[float], labels: Sequence[tuple[int, str]] = (),
             *, top: float | None = None, unit: str = "") -> None:
        """Draw ``values``; ``labels`` are ``(index, text)`` pairs shown under the bars."""
        self.values = tuple(values)
        peak = top if top is not None else max(values, default=0)
        rows = bar_rows(values, self.chart_height, self.bar_width, top)
        gutter = max(len(_fmt(peak, unit)), len(_fmt(0, unit))) + 1
        text = Text()
        for i, row in enumerate(rows):
            label = _fmt(peak, unit) if i == 0 else (_fmt(0, unit) if i == len(rows) - 1
                                                      else "")
            text.append(f"{label:>{gutter - 1}}│", style="dim")
            text.append(row, style=self.bar_style)
            text.append("\n")
        length = len(values) * self.bar_width
        text.append(" " * (gutter - 1) + "└" + "─" * length + "\n", style="dim")
        positions = [(i * self.bar_width, s) for i, s in labels]
        text.append(" " * gutter + axis_line(positions, length), style="dim")
        self.update(text)


def _fmt(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0%}"
    shown = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return f"{shown}{unit}"

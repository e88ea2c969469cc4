"""The Textual app shell: builds screens, owns the study service, reports worker errors."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from studyapp.service import StudyService
from studyapp.tui.screens.dashboard import DashboardScreen


class StudyApp(App[None]):
    """studyapp's terminal UI."""

    TITLE = "studyapp"
    SUB_TITLE = "training a digit classifier from scratch"
    CSS_PATH = "studyapp.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave studyapp", priority=True),
    ]

    def __init__(self, service: StudyService) -> None:
        super().__init__()
        self.service = service

    def on_mount(self) -> None:
        self.push_screen(DashboardScreen())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Turn any failed worker into a visible error instead of a silent stall."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(str(event.worker.error), title="Something went wrong",
                        severity="error", timeout=8)


def make_app(service: StudyService) -> StudyApp:
    """Build the app for an opened service (shared by the CLI and the tests)."""
    return StudyApp(service)

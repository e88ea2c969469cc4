"""The Textual app shell: builds screens, owns the study service and the sandbox client."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.worker import Worker, WorkerState

from studyapp.sandbox.client import SandboxClient, default_hide
from studyapp.service import StudyService
from studyapp.tui.screens.dashboard import DashboardScreen

#: Seconds after mount before the sandbox server starts (it needs ~1.3 s to warm up).
SANDBOX_START_DELAY_S = 0.3


class StudyApp(App[None]):
    """studyapp's terminal UI."""

    TITLE = "studyapp"
    SUB_TITLE = "training a digit classifier from scratch"
    CSS_PATH = "studyapp.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave studyapp", priority=True),
    ]

    def __init__(self, service: StudyService, sandbox: SandboxClient | None = None) -> None:
        super().__init__()
        self.service = service
        self.sandbox = sandbox

    def on_mount(self) -> None:
        self.push_screen(DashboardScreen())
        if self.sandbox is not None:
            # Warm torch in the background once the dashboard is up, so the server's
            # torch import does not compete with the first paint for the CPU.
            self.set_timer(SANDBOX_START_DELAY_S, self.sandbox.start)

    def on_unmount(self) -> None:
        if self.sandbox is not None:
            self.sandbox.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Turn any failed worker into a visible error instead of a silent stall."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.notify(str(event.worker.error), title="Something went wrong",
                        severity="error", timeout=8)


def make_app(service: StudyService, *, sandbox: SandboxClient | None = None) -> StudyApp:
    """Build the app for an opened service (shared by the CLI and the tests).

    A sandbox client is created when the deck has drills and none is given.
    """
    if sandbox is None and service.deck.drills and service.settings.start_sandbox:
        sandbox = SandboxClient(hide=default_hide(db=service.settings.db))
    return StudyApp(service, sandbox)

"""The headless core never imports Textual; the UI process never imports torch."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "studyapp.deck",
    "studyapp.srs.scheduler",
    "studyapp.srs.queue",
    "studyapp.store.repository",
    "studyapp.service",
    "studyapp.progress",
    "studyapp.grading",
    "studyapp.drills",
    "studyapp.sandbox.client",
]


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('\\n'.join(sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    loaded = _loaded_after_import([module])
    assert module in loaded
    assert not any(name == "textual" or name.startswith("textual.") for name in loaded)


def test_ui_process_does_not_import_torch() -> None:
    loaded = _loaded_after_import(
        ["studyapp.cli.main", "studyapp.tui.app", "studyapp.tui.screens.review",
         "studyapp.service", "studyapp.sandbox.client"]
    )
    assert "studyapp.tui.app" in loaded
    assert "torch" not in loaded


def test_the_running_app_never_imports_torch(tmp_path) -> None:  # noqa: ANN001
    code = f"""
import asyncio, sys
from studyapp.config import Settings, bundled_content_dir
from studyapp.service import StudyService
from studyapp.tui.app import make_app

async def main():
    service = StudyService.open(Settings(db={str(tmp_path / "db.sqlite")!r},
                                         content_dir=bundled_content_dir()))
    app = make_app(service)
    async with app.run_test() as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
    service.close()
    print("torch" in sys.modules)

asyncio.run(main())
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"

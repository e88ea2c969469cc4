"""The bundled deck is found from an installed wheel, not only from a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_the_deck_and_finds_it(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = tmp_path.glob("studyapp-*.whl")
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        archive.extractall(unpacked)
    assert "studyapp/_bundled_content/questionnaire.toml" in names
    assert "studyapp/store/migrations/versions/0001_initial.py" in names
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from studyapp.config import bundled_content_dir;"
        "from studyapp.deck import load_deck;"
        "d = bundled_content_dir(); print(d); print(len(load_deck(d).cards))"
    )
    run = subprocess.run([sys.executable, "-c", probe, str(unpacked)], capture_output=True,
                         text=True, timeout=60, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    where, count = run.stdout.split()
    assert Path(where) == unpacked / "studyapp" / "_bundled_content"
    assert int(count) >= 12

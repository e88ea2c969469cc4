"""The limits-only fallback (what macOS or a refused user namespace gets) still gives verdicts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from studyapp.deck.models import DrillMeta
from studyapp.sandbox.client import SandboxClient
from studyapp.sandbox.zygote import LIMITS_ONLY_ENV


@pytest.fixture(scope="module")
def limited() -> Iterator[SandboxClient]:
    mp = pytest.MonkeyPatch()
    mp.setenv(LIMITS_ONLY_ENV, "limits")
    client = SandboxClient(hide=[])
    client.wait_ready()
    mp.undo()
    yield client
    client.close()


def test_fallback_is_reported(limited: SandboxClient) -> None:
    report = limited.isolation()
    assert report["namespaces"] == []
    assert report["kill_all"].startswith("process group")
    assert any(LIMITS_ONLY_ENV in note for note in report["notes"])


@pytest.mark.parametrize(
    "body, status",
    [
        ("def relu(x):\n    return x.clamp(min=0)\n", "passed"),
        ("def relu(x):\n    return x.max(0).values\n", "failed"),
        ("def relu(x):\n    while True:\n        pass\n", "timeout"),
        ("import os\ndef relu(x):\n    os._exit(1)\n", "crashed"),
        ("def relu(x):\n    open('/work/escape.txt', 'w')\n", "error"),
        (
            "import os\ndef relu(x):\n    assert os.listdir('.') == []\n"
            "    return x.clamp(min=0)\n",
            "passed",
        ),
    ],
)
def test_fallback_verdicts(limited: SandboxClient, relu: DrillMeta, body: str, status: str) -> None:
    verdict = limited.check(relu, body, timeout_s=1.5)
    assert verdict["status"] == status, verdict["message"]

# Loaded by record.ts through PYTEST_PLUGINS when it must stop a real project's run (whose tests it cannot
# edit) at a known point: writes $RTS_REACHED_MARKER when the first test reaches the phase named by
# $RTS_REACHED_PHASE ("call" or "teardown"); runShell then sends the signal (see StopWhenReached).
import os

import pytest


def _reached(phase):
    marker = os.environ.get("RTS_REACHED_MARKER")
    if marker and os.environ.get("RTS_REACHED_PHASE") == phase and not os.path.exists(marker):
        with open(marker, "w") as f:
            f.write(phase + "\n")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    _reached("call")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    _reached("teardown")

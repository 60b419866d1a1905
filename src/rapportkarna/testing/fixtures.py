"""The pytest fixtures of rapportkarna.testing (a pytest plugin through the ``pytest11`` entry point)."""

from pathlib import Path

import pytest

from rapportkarna.testing.federation import MiniFederation


@pytest.fixture
def mini_federation(tmp_path: Path) -> MiniFederation:
    """A workspace in the test's temporary folder with one small federation, ``test``, and its
    year 2011 at three reporting moments (plan, delar-0630, bokslut), all drafts."""
    return MiniFederation(tmp_path)

"""Start-up (issue 11): what importing the command line leaves for later, and building it later."""

import json
import subprocess
import sys

import pytest
from pydantic import ValidationError

from rapportkarna.model import FederationConfig, Organisation
from rapportkarna.model.common import ready


def _fresh(code: str) -> dict[str, bool]:
    """What ``code`` prints as JSON, run in a new interpreter (this one has imported everything)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_importing_the_cli_builds_no_file_model_and_loads_no_babel() -> None:
    found = _fresh(
        "import json, sys, rapportkarna.cli\n"
        "from rapportkarna.model import FederationConfig, Meeting, MomentData, YearData\n"
        "from rapportkarna.sie.model import SieFile\n"
        "print(json.dumps({m.__name__: m.__pydantic_complete__ for m in "
        "(FederationConfig, YearData, MomentData, Meeting, SieFile)}"
        " | {'babel': any(name.split('.')[0] == 'babel' for name in sys.modules)}))")
    assert found == {"FederationConfig": False, "YearData": False, "MomentData": False, "Meeting": False,
                     "SieFile": False, "babel": False}


def test_ready_builds_the_models_inside_first() -> None:
    found = _fresh(
        "import json\n"
        "from rapportkarna.model import FederationConfig, Member, Organisation, YearData\n"
        "from rapportkarna.model.common import ready\n"
        "ready(FederationConfig)\n"
        "print(json.dumps({m.__name__: m.__pydantic_complete__ for m in "
        "(FederationConfig, Organisation, Member, YearData)}))")
    assert found == {"FederationConfig": True, "Organisation": True, "Member": True, "YearData": False}


def test_a_model_built_on_first_use_validates_as_before() -> None:
    ready(FederationConfig)  # built already (other tests) or now: either way the same model
    assert FederationConfig.__pydantic_complete__ and Organisation.__pydantic_complete__
    config = FederationConfig.model_validate({
        "organisation": {"name": " Förbundet ", "short_name": "F", "regime": "samverkan"},
        "members": [{"name": "Umeå", "kommunkod": "2480"}]})
    assert config.organisation.name == "Förbundet"  # str_strip_whitespace, as StrictModel says
    with pytest.raises(ValidationError) as caught:
        FederationConfig.model_validate({"organisation": {"name": "F", "short_name": "F", "regime": "samverkan",
                                                          "nmae": "x"},
                                         "members": [{"name": "Umeå", "kommunkod": "248"}]})
    assert sorted((e["type"], e["loc"]) for e in caught.value.errors()) == [
        ("extra_forbidden", ("organisation", "nmae")), ("kommunkod", ("members", 0, "kommunkod"))]

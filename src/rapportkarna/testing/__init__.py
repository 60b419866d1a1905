"""Testing plugins and templates: a small federation in a temporary folder.

Installed with rapportkarna as a pytest plugin (entry point ``pytest11``), so a plugin's tests
get the fixture ``mini_federation`` without importing anything::

    import rapportkarna_kurser

    def test_kurser_section(mini_federation):
        mini_federation.use_plugin(rapportkarna_kurser)
        mini_federation.append("2011/delar-0630/moment.toml", '[extensions.kurser]\\nperiod = "VT 2011"\\n')
        mini_federation.write("2011/delar-0630/kurser.csv", "namn,deltagare\\nLAS,40\\n")
        assert "LAS | 40" in mini_federation.report("delarsrapport").text

For other legal forms, or more federations in one test, make one yourself:
``MiniFederation(tmp_path / "b", regime="samverkan")``. See docs/plugins.md, "Testing a plugin".
"""

from rapportkarna.testing.federation import (MINIMAL_BUDGET, MINIMAL_CONFIG, MINIMAL_MOMENTS, MINIMAL_YEAR,
                                             BuiltReport, MiniFederation, minimal_config)
from rapportkarna.testing.fixtures import mini_federation
from rapportkarna.testing.text import html_to_text

__all__ = ["MINIMAL_BUDGET", "MINIMAL_CONFIG", "MINIMAL_MOMENTS", "MINIMAL_YEAR", "BuiltReport",
           "MiniFederation", "html_to_text", "mini_federation", "minimal_config"]

import rapportkarna_kurser

KURSER = """
[extensions.kurser]
period = "VT 2011"
"""


def test_the_delar_shows_its_own_courses(mini_federation):
    mini_federation.use_plugin(rapportkarna_kurser)
    mini_federation.append("2011/delar-0630/moment.toml", KURSER)
    mini_federation.write("2011/delar-0630/kurser.csv", "namn,deltagare\nLAS,40\nBBIC,25\n")
    delar = mini_federation.report("delarsrapport")
    assert "Kurser VT 2011" in delar.text and "LAS | 40" in delar.text
    assert "Deltagare i kurser" in delar.text and "Utfall: 65 st" in delar.text
    # the bokslut records no courses of its own: the delår's stay in the delår
    assert "Kurser" not in mini_federation.report("arsredovisning").text


def test_a_mistake_is_reported_at_its_line(mini_federation):
    mini_federation.use_plugin(rapportkarna_kurser)
    mini_federation.append("2011/delar-0630/moment.toml", KURSER)
    mini_federation.write("2011/delar-0630/kurser.csv", "namn,deltagare\nLAS,fyrtio\n")
    report = mini_federation.report("delarsrapport")
    assert not report.ok
    assert report.messages[0].startswith(
        "federations/test/2011/delar-0630/kurser.csv:2: row 1, column deltagare: Input should be a valid integer")

"""Meeting documents and the register that runs through the year: § numbering against punkter,
attendance, assignments carried forward, the date rules, the sammanträdesplan as iCalendar, and
broken meeting data named by file and field."""

import datetime as dt

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from rapportkarna import hookimpl
from rapportkarna.cli import main
from rapportkarna.meetings.documents import MeetingDocument
from rapportkarna.meetings.kinds import AgendaItemKind

from conftest import problems_of

#: A ledningsgrupp beside the styrelse: it keeps minnesanteckningar, the styrelse a protokoll.
LEDNING = """
[meetings]
kallelse_days = 7
justering_days = 14
kept_at = "Testförbundets kansli, Umeå"
contact = "kansliet@test.se"

[[organisation.bodies]]
id = "ledning"
kind = "ledningsgrupp"
name = "Ledningsgruppen"
"""

MARCH = """
id = "styrelse-2011-03-10"
body = "styrelse"
kind = "protokoll"
date = 2011-03-10
start = 13:00:00
place = "Umeå stadshus"
sent = 2011-03-01
adjusters = ["Eva Ek"]
justering = { date = 2011-03-17, place = "Kansliet" }
posted = 2011-03-18
attendees = [
  { name = "Anna Berg", party = "S", organisation = "Umeå", role = "ordförande" },
  { name = "Eva Ek", party = "M", organisation = "Vännäs", role = "ledamot" },
  { name = "Olle Ny", party = "C", organisation = "Vännäs", attendance = "ersattare", replaces = "Per Ås" },
  { name = "Kim Lund", organisation = "Kansliet", role = "sekreterare", attendance = "ovrig" },
]

[[items]]
number = 1
title = "Val av justerare"
decision = "Eva Ek väljs att justera protokollet."

[[items]]
number = 2
title = "Fastställande av föredragningslista"

[[items]]
number = 3
title = "Utredning om e-arkiv"
diarienummer = "Dnr 2011/12"
description = "Kommunerna vill samordna sina e-arkiv."
motions = ["Anna Berg yrkar bifall till förslaget."]
decision = "Styrelsen beslutar att utreda ett gemensamt e-arkiv."
reservations = ["Eva Ek (M) reserverar sig mot beslutet."]
send_to = ["Kommunerna"]
assignments = [
  { id = "utredning-e-arkiv", text = "Kansliet får i uppdrag att utreda ett gemensamt e-arkiv.", responsible = "Kim Lund", due = 2011-06-09 },
  { id = "remiss-lokaler", text = "Kansliet får i uppdrag att svara på remissen om lokaler.", due = 2011-04-01 },
]

[[items]]
number = 4
title = "Övriga frågor"
decision = "Inga övriga frågor."
"""

JUNE = """
id = "styrelse-2011-06-09"
body = "styrelse"
kind = "protokoll"
date = 2011-06-09
sent = 2011-05-30
adjusters = ["Anna Berg"]
justering = { date = 2011-06-16 }
attendees = [
  { name = "Anna Berg", role = "ordförande" },
  { name = "Kim Lund", role = "sekreterare", attendance = "ovrig" },
]

[[items]]
number = 1
title = "Val av justerare"

[[items]]
number = 2
title = "Redovisning av utredningen om e-arkiv"
decision = "Redovisningen läggs till handlingarna."
closes = ["utredning-e-arkiv"]
"""

NOTES = """
id = "ledning-2011-05-04"
body = "ledning"
kind = "minnesanteckningar"
date = 2011-05-04
attendees = [
  { name = "Lisa Holm", organisation = "Umeå kommun" },
  { name = "Jon Tall", organisation = "Vännäs kommun", items = "p 2-3" },
  { name = "Kim Lund", organisation = "Testförbundets kansli", role = "sekreterare", attendance = "ovrig" },
]
next_meeting = 2011-09-01

[[items]]
number = 1
title = "Mötets öppnande"

[[items]]
number = 2
title = "Kommunernas rapporter"
kind = "rapport"

[[items]]
number = 3
title = "Gemensam upphandling"
decision = "Ledningsgruppen föreslår styrelsen en gemensam upphandling."
"""


@pytest.fixture
def meetings(mini):
    config = (mini.fed_dir / "federation.toml").read_text(encoding="utf-8")
    mini.write("federation.toml", config.replace("[[members]]", LEDNING.strip() + "\n\n[[members]]", 1))
    mini.write("2011/meetings/styrelse-2011-03-10.toml", MARCH)
    mini.write("2011/meetings/styrelse-2011-06-09.toml", JUNE)
    mini.write("2011/meetings/ledning-2011-05-04.toml", NOTES)
    return mini


class Round:
    """A plugin's own agenda item kind, rendered inside the minnesanteckningar."""

    def __init__(self, tmp_path):
        self.folder = tmp_path / "round_templates"
        (self.folder / "meetings").mkdir(parents=True, exist_ok=True)
        (self.folder / "meetings" / "round.html").write_text(
            '<p class="round">Rundan vid {{ meeting.date | kortdatum }}, punkt {{ item.number }}</p>')

    @hookimpl
    def agenda_item_kinds(self):
        return [AgendaItemKind(id="kommunrunda", label="Rapporter från kommunerna", template="meetings/round.html")]

    @hookimpl
    def template_dirs(self):
        return [self.folder]


def _html(fed, meeting_id: str, document: str) -> str:
    meeting = fed.meetings()[meeting_id]
    return fed.render_meeting(MeetingDocument(meeting, document)).html


def test_paragraphs_run_on_through_the_year_and_minnesanteckningar_have_punkter(meetings, tmp_path):
    fed = meetings.build({"round": Round(tmp_path)})
    fed.load(2011)
    register = fed.register
    march, june = fed.meetings()["styrelse-2011-03-10"], fed.meetings()["styrelse-2011-06-09"]
    assert [register.label(march, n) for n in (1, 4)] == ["§\u00a01", "§\u00a04"]
    assert [register.label(june, n) for n in (1, 2)] == ["§\u00a05", "§\u00a06"]
    notes = fed.meetings()["ledning-2011-05-04"]
    assert register.label(notes, 3) == "punkt\u00a03"
    html = _html(fed, "styrelse-2011-06-09", "protokoll")
    assert 'id="paragraf-6"' in html and "§\u00a05–6" in html
    text = (meetings.fed_dir / "2011/meetings/styrelse-2011-06-09.toml").read_text()
    meetings.write("2011/meetings/styrelse-2011-06-09.toml", text.replace("date = 2011-06-09", "date = 2011-06-09\nfirst_paragraph = 20"))
    fed = meetings.build({"round": Round(tmp_path)})
    assert fed.register.label(fed.meetings()["styrelse-2011-06-09"], 2) == "§\u00a021"


def test_a_protokoll_has_its_header_block_signatures_and_anslagsbevis(meetings, tmp_path):
    fed = meetings.build({"round": Round(tmp_path)})
    html = _html(fed, "styrelse-2011-03-10", "protokoll")
    assert "Anna Berg (S), Umeå, ordförande" in html
    assert "Olle Ny (C), Vännäs, ersätter Per Ås" in html  # tjänstgörande ersättare
    assert "Kim Lund, Kansliet, sekreterare" in html
    assert "<dt>Justerare</dt><dd>Eva Ek</dd>" in html
    assert "Kansliet, 17\u00a0mars 2011" in html
    assert "<h4>Yrkanden</h4>" in html and "<h4>Reservationer</h4>" in html and "<h4>Beslutet skickas till</h4>" in html
    anslag = html[html.index('class="anslagsbevis"'):]
    assert "<dt>Anslaget sätts upp</dt><dd>2011-03-18</dd>" in anslag
    assert "<dt>Anslaget tas ned</dt><dd>2011-04-08</dd>" in anslag  # three weeks
    assert "Testförbundets kansli, Umeå" in anslag
    signatures = html[html.index('aria-label="Underskrifter"'):html.index('class="anslagsbevis"')]
    assert signatures.count('class="line"') == 3  # sekreterare, ordförande, justerare


def test_minnesanteckningar_list_attendance_per_municipality_with_partial_attendance(meetings, tmp_path):
    meetings.write("2011/meetings/ledning-2011-05-04.toml", NOTES.replace('kind = "rapport"', 'kind = "kommunrunda"'))
    html = _html(meetings.build({"round": Round(tmp_path)}), "ledning-2011-05-04", "minnesanteckningar")
    assert "<dt>Umeå kommun</dt><dd>Lisa Holm</dd>" in html
    assert "<dt>Vännäs kommun</dt><dd>Jon Tall (p 2-3)</dd>" in html
    assert html.index("Umeå kommun") < html.index("Vännäs kommun") < html.index("Testförbundets kansli")
    assert '<p class="round">Rundan vid 2011-05-04, punkt 2</p>' in html  # the plugin's item kind
    assert "§" not in html[html.index("<main>"):]
    assert "Nästa möte:</strong> 1\u00a0september 2011" in html


def test_assignments_are_carried_forward_until_a_meeting_closes_them(meetings, tmp_path):
    fed = meetings.build({"round": Round(tmp_path)})
    june = _html(fed, "styrelse-2011-06-09", "protokoll")
    pending = june[june.index('class="pending"'):june.index("</section>")]
    assert "Kansliet får i uppdrag att utreda ett gemensamt e-arkiv." in pending
    assert "redovisas vid detta möte, §\u00a06" in pending
    assert "Kansliet får i uppdrag att svara på remissen om lokaler." in pending and "Försenat" in pending
    register = fed.register
    assert [e.assignment.id for e in register.open_on(dt.date(2011, 6, 1))] == ["utredning-e-arkiv", "remiss-lokaler"]
    assert [e.assignment.id for e in register.open_on(dt.date(2011, 6, 9))] == ["remiss-lokaler"]
    annual = fed.render_html(fed.load(2011), "arsredovisning").html
    section = annual[annual.index('id="sammantraden"'):]
    assert "1 uppdrag har redovisats under perioden." in section
    assert "svara på remissen om lokaler" in section and "försenat" in section
    # decisions on ärenden, not the formal items or "inga övriga frågor"
    assert "Styrelsen beslutar att utreda ett gemensamt e-arkiv." in section
    assert "Eva Ek väljs att justera" not in section and "Inga övriga frågor" not in section
    delar = fed.render_html(fed.load(2011), "delarsrapport").html
    assert "styrelse-2011-06-09" not in delar and "Redovisningen läggs till handlingarna." in delar
    rows = section[section.index("<tbody>"):section.index("</tbody>")]
    assert "<td>Styrelsen</td><td class=\"num\">2</td>" in rows  # a record table: column headers only


def test_the_date_rules_each_give_a_message(meetings):
    text = MARCH.replace("sent = 2011-03-01", "sent = 2011-03-07").replace(
        "justering = { date = 2011-03-17, place = \"Kansliet\" }", "justering = { date = 2011-03-30 }").replace(
        "posted = 2011-03-18", "posted = 2011-04-04")
    meetings.write("2011/meetings/styrelse-2011-03-10.toml", text)
    june = JUNE.replace('adjusters = ["Anna Berg"]\n', "").replace("justering = { date = 2011-06-16 }\n",
                                                                     "justering = { date = 2011-06-16 }\nposted = 2011-06-15\n")
    meetings.write("2011/meetings/styrelse-2011-06-09.toml", june)
    notes = {(p.file.name, p.path, p.message) for p in meetings.build().meeting_notes(2011)}
    assert ("styrelse-2011-03-10.toml", "sent", "the kallelse was sent 2011-03-07, 3 days before the meeting; "
            "the rule is at least 7 days") in notes
    assert ("styrelse-2011-03-10.toml", "justering.date", "justerat 2011-03-30, 20 days after the meeting; the rule "
            "is within 14 days") in notes
    assert ("styrelse-2011-03-10.toml", "posted", "the anslag went up 2011-04-04, more than two days after the "
            "justering 2011-03-30 (KL 8 kap. 12 §)") in notes
    assert ("styrelse-2011-06-09.toml", "posted", "the anslag went up 2011-06-15, before the justering 2011-06-16") in notes
    assert ("styrelse-2011-06-09.toml", "adjusters", "the protokoll names no justerare") in notes
    assert all(p.line for p in meetings.build().meeting_notes(2011))  # an absent field: the line of `kind`
    result = CliRunner().invoke(main, ["--root", str(meetings.root), "validate"])
    assert result.exit_code == 0  # the rules describe what happened; they do not stop a build
    assert "meeting date rule: " in result.output and "styrelse-2011-03-10.toml:7: sent: the kallelse was sent" in result.output


def test_the_sammantradesplan_is_a_table_in_the_plan_and_an_icalendar_file(mini, tmp_path):
    mini.append("2011/year.toml", """
[[meeting_plan]]
body = "styrelse"
date = 2011-03-10
start = 13:00:00
end = 16:00:00
place = "Umeå stadshus"
note = "Bokslut"

[[meeting_plan]]
body = "styrelse"
date = 2011-09-15
""")
    plan = CliRunner().invoke(main, ["--root", str(mini.root), "build", "test", "--out", str(tmp_path), "--format", "html"])
    assert plan.exit_code == 0, plan.output
    html = (tmp_path / "test/2011/verksamhetsplan.html").read_text()
    assert "<caption>Sammanträdesplan 2011</caption>" in html and "13.00–16.00" in html
    calendar = Calendar.from_ical((tmp_path / "test/2011/sammantradesplan.ics").read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["summary"]) for e in events] == ["Styrelsen – Bokslut", "Styrelsen"]
    first = events[0]
    assert first.decoded("dtstart") == dt.datetime(2011, 3, 10, 13, 0, tzinfo=first.decoded("dtstart").tzinfo)
    assert str(first.decoded("dtstart").tzinfo) == "Europe/Stockholm" and str(first["location"]) == "Umeå stadshus"
    assert events[1].decoded("dtstart") == dt.date(2011, 9, 15)  # a whole day where no time is planned
    assert str(first["uid"]) == "2011-03-10-styrelse@test.rapportkarna"


def test_build_writes_a_meetings_documents_and_meetings_lists_the_register(meetings, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["--root", str(meetings.root), "build", "test", "--meeting", "2011-03-10",
                                  "--out", str(tmp_path), "--format", "html"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "test/2011/meetings").iterdir()) == [
        "2011-03-10-styrelse-kallelse.html", "2011-03-10-styrelse-protokoll.html"]
    assert not (tmp_path / "test/2011/arsredovisning.html").exists()  # only the meeting's documents
    missing = runner.invoke(main, ["--root", str(meetings.root), "build", "test", "--meeting", "ledning-2011-05-04",
                                   "--document", "protokoll", "--out", str(tmp_path)])
    assert missing.exit_code == 1 and "has no protokoll; it has: kallelse, minnesanteckningar" in missing.output
    listing = runner.invoke(main, ["--root", str(meetings.root), "meetings", "test", "--on", "2011-05-01"])
    assert listing.exit_code == 0, listing.output
    assert "open assignments on 2011-05-01: 2" in listing.output
    assert "remiss-lokaler: Kansliet får i uppdrag att svara på remissen om lokaler. (2011-03-10 §\u00a03, senast 2011-04-01)  FÖRSENAT" in listing.output


def test_a_kallelse_has_its_list_bilagor_and_instruction(meetings, tmp_path):
    text = MARCH.replace('place = "Umeå stadshus"', 'place = "Umeå stadshus"\nweb_only = ["Delgivningar"]\n'
                         'program = [{ time = 10:00:00, text = "Kaffe" }, { time = 13:00:00, text = "Styrelsens sammanträde" }]')
    meetings.write("2011/meetings/styrelse-2011-03-10.toml", text.replace(
        'description = "Kommunerna vill', 'attachments = ["PM", "Utredning"]\nproposal = "Presidiet föreslår att utredningen görs."\ndescription = "Kommunerna vill'))
    fed = meetings.build()
    html = _html(fed, "styrelse-2011-03-10", "kallelse")
    assert "Torsdagen den 10\u00a0mars 2011 klockan 13.00" in html
    assert "Bilagor: a) PM, b) Utredning" in html
    assert "Delgivningar redovisas endast på webbplatsen." in html
    assert ("Ordinarie ledamot som inte kan närvara ombeds kalla sin ersättare och meddela detta till "
            "Testförbundets kansli på kansliet@test.se.") in html
    assert "Presidiet föreslår att utredningen görs." in html
    assert "Styrelsen beslutar" not in html  # a kallelse is sent before the meeting: proposals, not decisions
    pdf = tmp_path / "kallelse.pdf"
    from rapportkarna.pdf import render_pdf
    import pypdf
    pdf.write_bytes(render_pdf(html, base_dir=fed.federation.root, allowed_roots=fed.allowed_roots()))
    reader = pypdf.PdfReader(pdf)
    pages = len(reader.pages)
    assert f"KALLELSE 1 ({pages})" in reader.pages[0].extract_text()


@pytest.mark.parametrize(("change", "path", "message"), [
    (lambda t: t.replace('kind = "protokoll"', 'kind = "minnesanteckningar"').replace(
        'adjusters = ["Eva Ek"]\n', "").replace('justering = { date = 2011-03-17, place = "Kansliet" }\n', "").replace(
        "posted = 2011-03-18\n", ""), "kind",
     "Styrelsen (styrelse) keeps protokoll, not minnesanteckningar: a body that decides for a legal person keeps a protokoll"),
    (lambda t: t.replace('title = "Utredning om e-arkiv"', 'title = "Utredning om e-arkiv"\nkind = "okand"'),
     "items[2].kind", "unknown agenda item kind 'okand'; kinds: arende, formal, information, ovrigt, rapport"),
    (lambda t: t.replace('title = "Val av justerare"', 'title = "Val av justerare"\ncloses = ["finns-inte"]'),
     "items[0].closes[0]", "no earlier meeting gave assignment 'finns-inte'; assignments before this meeting: none"),
    (lambda t: t.replace("date = 2011-03-10", "date = 2012-03-10", 1).replace("sent = 2011-03-01", "sent = 2012-03-01")
     .replace("2011-03-17", "2012-03-17").replace("2011-03-18", "2012-03-18"),
     "date", "2012-03-10 is not in 2011, the year of this folder"),
])
def test_broken_meeting_data_is_named_by_file_line_and_field(meetings, change, path, message):
    file = meetings.write("2011/meetings/styrelse-2011-03-10.toml", change(MARCH))
    problems = problems_of(meetings.build())
    found = [p for p in problems if p.path == path]
    assert found and message in found[0].message, problems
    assert found[0].file == file and found[0].line is not None


def test_justering_belongs_to_a_protokoll(meetings):
    file = meetings.write("2011/meetings/ledning-2011-05-04.toml",
                          NOTES.replace("next_meeting", 'adjusters = ["Lisa Holm"]\nnext_meeting'))
    [problem] = problems_of(meetings.build({"round": Round(meetings.root)}))
    assert problem.file == file
    assert "adjusters: only a protokoll is justerat and anslaget; this meeting is 'minnesanteckningar'" in problem.message

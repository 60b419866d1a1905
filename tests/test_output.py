"""Output: byte-identical rebuilds, atomic writes, accessible PDF, the manifest, the CLI."""

import json
import os
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from rapportkarna import atomic
from rapportkarna.cli import main
from rapportkarna.pdf import PdfError
from rapportkarna.publish import Options, publish_year


def _build(mini, out: Path, reports=("delarsrapport",), variant="ua") -> list[Path]:
    return publish_year(mini.build(), 2011, list(reports), Options(out_dir=out, pdf_variant=variant))


def test_same_input_gives_byte_identical_files(mini, tmp_path):
    first = {p.name: p.read_bytes() for p in _build(mini, tmp_path / "a")}
    second = {p.name: p.read_bytes() for p in _build(mini, tmp_path / "b")}
    assert set(first) == {"delarsrapport.html", "delarsrapport.pdf", "manifest.json"}
    assert first == second


ADOPTED = """
[adoption]
status = "beslutad"
body = "styrelse"
date = 2011-09-15
paragraph = 4
"""


def test_pdf_is_tagged_accessible_with_title_language_and_page_numbers(mini, tmp_path):
    pdf_path = tmp_path / "out" / "test" / "2011" / "delarsrapport.pdf"
    mini.append("2011/delar-0630/moment.toml", ADOPTED)
    _build(mini, tmp_path / "out")
    reader = pypdf.PdfReader(pdf_path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title.startswith("Delårsredovisning 2011")
    assert reader.xmp_metadata is not None and b"pdfuaid" in reader.xmp_metadata.stream.get_data()
    assert reader.metadata["/CreationDate"] == "D:20110915"  # the adoption's, not the clock's
    cover = reader.pages[0].extract_text()
    assert "Godkänd av styrelsen 2011-09-15, §\u00a04" in cover and "UTKAST" not in cover
    pages = len(reader.pages)
    assert f"Sida 3 ({pages})" in reader.pages[2].extract_text()
    top_level = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top_level][:4] == ["Innehåll", "Inledning", "I korthet", "Uppdraget"]


def test_a_draft_says_utkast_on_every_page_and_in_its_title(mini, tmp_path):
    _build(mini, tmp_path / "out")  # the mini delår has no [adoption]: a draft
    reader = pypdf.PdfReader(tmp_path / "out" / "test" / "2011" / "delarsrapport.pdf")
    assert reader.metadata.title.startswith("UTKAST – Delårsredovisning 2011")
    assert "/CreationDate" not in reader.metadata  # a draft has no date, and none is invented
    assert len(reader.pages) > 2
    for number, page in enumerate(reader.pages, start=1):
        assert "UTKAST" in page.extract_text(), f"page {number}"
    assert "Utkast, ej beslutat" in reader.pages[0].extract_text()


def test_archival_variant_is_pdf_a(mini, tmp_path):
    _build(mini, tmp_path / "out", variant="a")
    xmp = pypdf.PdfReader(tmp_path / "out" / "test" / "2011" / "delarsrapport.pdf").xmp_metadata
    assert xmp is not None and b"pdfaid" in xmp.stream.get_data()


def test_failed_build_keeps_last_good_output(mini, tmp_path):
    out = tmp_path / "out"
    _build(mini, out)
    folder = out / "test" / "2011"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    mini.write("templates/sections/uppdraget.html", '<img src="http://example.com/x.png" alt="x">')
    with pytest.raises(PdfError):
        _build(mini, out)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_interrupted_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KeyboardInterrupt):
        atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_manifest_records_inputs_templates_and_plugins(mini, tmp_path):
    _build(mini, tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "test" / "2011" / "manifest.json").read_text())
    entry = manifest["reports"]["delarsrapport"]
    assert set(entry["outputs"]) == {"delarsrapport.html", "delarsrapport.pdf"}
    assert "federations/test/2011/budget.csv" in entry["inputs"]
    assert entry["templates"]["base.html"]["file"] == "templates/base.html"
    assert entry["plugins"][0]["name"] == "core" and entry["plugins"][0]["version"]
    _build(mini, tmp_path / "out", reports=("arsredovisning",))
    manifest = json.loads((tmp_path / "out" / "test" / "2011" / "manifest.json").read_text())
    assert set(manifest["reports"]) == {"delarsrapport", "arsredovisning"}


def test_cli_build_list_validate_schema(mini, tmp_path):
    runner = CliRunner()
    root = ["--root", str(mini.root)]
    result = runner.invoke(main, [*root, "build", "test", "--report", "verksamhetsplan", "--format", "html",
                                  "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "o" / "test" / "2011" / "verksamhetsplan.html").exists()
    assert not (tmp_path / "o" / "test" / "2011" / "verksamhetsplan.pdf").exists()
    assert "[1/1] test 2011 verksamhetsplan" in result.output
    listing = runner.invoke(main, [*root, "list"])
    assert "test: Testförbundet (ideell förening)" in listing.output and "2011" in listing.output
    assert runner.invoke(main, [*root, "validate"]).output.startswith("ok   test 2011")
    schema = json.loads(runner.invoke(main, ["schema"]).output)
    assert "kommunkod" in json.dumps(schema) and schema["title"] == "federation.toml"


@pytest.mark.parametrize("args, message", [
    (["build"], "name the federations to build, or use --all"),
    (["build", "nope"], "unknown federation 'nope'; federations in"),
    (["build", "test", "--report", "nope"], "unknown report 'nope'"),
    (["build", "test", "--year", "1999"], "no data for 1999; years: 2011"),
    (["build", "test", "--format", "docx"], "unknown format docx"),
])
def test_cli_mistakes_are_messages_not_tracebacks(mini, tmp_path, args, message):
    result = CliRunner().invoke(main, ["--root", str(mini.root), *args[:1], *args[1:], "--out", str(tmp_path)]
                                if args[0] == "build" else ["--root", str(mini.root), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def _fields(schema: dict) -> dict[str, tuple[list[str], list[str]]]:
    """Each model of a schema with its property names and required ones: what editors complete.

    Formatting details (patterns pydantic writes for decimals, say) vary between pydantic
    releases and are left out of the comparison.
    """
    models = {"": schema, **schema.get("$defs", {})}
    return {name: (sorted(m.get("properties", {})), sorted(m.get("required", []))) for name, m in models.items()}


def test_schema_and_hook_docs_in_docs_are_current():
    root = Path(__file__).resolve().parents[1]
    from rapportkarna.hookdocs import hooks_markdown
    from rapportkarna.schema import SCHEMAS, schema_json
    for what in SCHEMAS:
        committed = json.loads((root / "docs" / "schema" / f"{what}.schema.json").read_text(encoding="utf-8"))
        assert _fields(committed) == _fields(json.loads(schema_json(what))), \
            f"run: rapportkarna schema {what} --out docs/schema/{what}.schema.json"
    assert (root / "docs" / "hooks.md").read_text(encoding="utf-8") == hooks_markdown(), \
        "run: rapportkarna hooks > docs/hooks.md"


def test_image_without_alt_text_fails_the_build(mini, tmp_path):
    from rapportkarna.accessibility import AccessibilityError
    mini.write("templates/sections/uppdraget.html",
               '{% extends "blocks/section.html" %}{% block body %}<img src="data:image/png;base64,AA==">{% endblock %}')
    with pytest.raises(AccessibilityError, match="test/2011/delarsrapport: not accessible: image without alt text"):
        _build(mini, tmp_path / "out")


def test_unwritable_output_is_a_message(mini, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "build", "test", "--format", "html",
                                       "--out", str(blocker / "sub")])
    assert result.exit_code == 1 and "error:" in result.output and "Traceback" not in result.output


def test_validate_checks_federation_toml_even_without_years(mini):
    import shutil
    shutil.rmtree(mini.fed_dir / "2011")
    mini.write("federation.toml", "[organisation]\nname = 'X'\n")
    result = CliRunner().invoke(main, ["--root", str(mini.root), "validate"])
    assert result.exit_code == 1
    assert "FAIL test" in result.output and "federation.toml:1: organisation.short_name: required field is missing" in result.output


def test_settings_for_unknown_report_or_plugin_are_problems(mini):
    from rapportkarna.errors import ValidationFailed
    mini.append("federation.toml", """
        [reports.delarsrapprt]
        title = "X"

        [plugin_config.norrbotten]
        x = 1
    """)
    with pytest.raises(ValidationFailed) as caught:
        mini.build().load(2011)
    found = {(p.path, p.line) for p in caught.value.problems}
    text = (mini.fed_dir / "federation.toml").read_text().splitlines()
    assert ("reports.delarsrapprt", text.index("[reports.delarsrapprt]") + 1) in found
    assert ("plugin_config.norrbotten", text.index("[plugin_config.norrbotten]") + 1) in found
    assert "no report type 'delarsrapprt'; report types: verksamhetsplan" in str(caught.value)


# -- all or nothing -------------------------------------------------------------------------------

def _cli_build(mini, out, *args):
    from click.testing import CliRunner
    from rapportkarna.cli import main
    return CliRunner().invoke(main, ["--root", str(mini.root), "build", "test", "--format", "html", "--out", str(out),
                                     *args])


def test_a_failure_in_the_last_report_leaves_the_last_good_outputs_and_manifest(mini, tmp_path):
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0
    folder = out / "test" / "2011"
    before = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    # the årsredovisning (built last) now fails; the plan and the delår would have changed
    mini.append("2011/plan/moment.toml", 'sammanfattning = "Ny sammanfattning."\n')
    mini.write("templates/sections/framtid.html", "{{ odefinierad.variabel }}")
    mini.append("2011/bokslut/moment.toml", 'framtid = "Framåt."\n')
    result = _cli_build(mini, out)
    assert result.exit_code == 1 and "framtid.html" in result.output
    after = {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before  # outputs and manifest as they were, together
    assert not list(folder.parent.glob(".2011.*staging*")) and not list(folder.rglob("*.tmp"))


def test_what_a_killed_build_left_is_cleaned_or_put_back(mini, tmp_path):
    from rapportkarna.staging import year_output
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0
    folder = out / "test" / "2011"
    good = (folder / "manifest.json").read_bytes()
    # killed between the two renames of the swap: the last good folder is aside, a staging copy left
    folder.rename(folder.parent / ".2011.old")
    (folder.parent / ".2011.staging").mkdir()
    (folder.parent / ".2011.staging" / "half.html").write_text("halv")
    with year_output(folder) as output:
        assert (output.path("manifest.json")).read_bytes() == good  # recovered before the build goes on
    assert (folder / "manifest.json").read_bytes() == good and not (folder / "half.html").exists()
    assert sorted(p.name for p in folder.parent.iterdir()) == [".2011.lock", "2011"]


def test_two_builds_into_one_folder_are_kept_apart(mini, tmp_path):
    from rapportkarna.staging import year_output
    folder = tmp_path / "out" / "test" / "2011"
    with year_output(folder):
        result = _cli_build(mini, tmp_path / "out")
        assert result.exit_code == 1
        assert "another build is writing to this folder now" in result.output


def test_a_full_disk_names_the_path_and_changes_nothing(mini, tmp_path, monkeypatch):
    import errno
    from pathlib import Path as P
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0
    folder = out / "test" / "2011"
    before = (folder / "manifest.json").read_bytes()
    real = P.write_bytes

    def full(self, data):
        if self.name == "arsredovisning.html":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(self, data)
    monkeypatch.setattr(P, "write_bytes", full)
    result = _cli_build(mini, out, "--force")  # unchanged reports would not be written at all
    assert result.exit_code == 1
    assert f"{folder / 'arsredovisning.html'}: no space left on the disk; nothing was changed" in result.output
    assert (folder / "manifest.json").read_bytes() == before


def test_an_unchanged_report_is_not_made_again(mini, tmp_path):
    out = tmp_path / "out"
    first = _cli_build(mini, out)
    assert first.exit_code == 0 and ": unchanged" not in first.output
    again = _cli_build(mini, out, "--report", "arsredovisning")  # a report at a time: checked report by report
    assert again.exit_code == 0
    assert "test 2011 arsredovisning: unchanged" in again.output and "(0." not in again.output
    # a changed input makes the year's reports again; --force makes them regardless
    mini.append("2011/bokslut/moment.toml", 'framtid = "Framåt."\n')
    changed = _cli_build(mini, out)
    assert "arsredovisning: unchanged" not in changed.output and "Framåt." in (out / "test/2011/arsredovisning.html").read_text()
    assert ": unchanged" not in _cli_build(mini, out, "--force").output
    # a report's file changed by hand is made again
    (out / "test/2011/delarsrapport.html").write_text("ändrad för hand")
    repaired = _cli_build(mini, out)
    assert "delarsrapport: unchanged" not in repaired.output and "verksamhetsplan: unchanged" in repaired.output
    assert "ändrad för hand" not in (out / "test/2011/delarsrapport.html").read_text()


def _manifest(out):
    import json
    return json.loads((out / "test/2011/manifest.json").read_text(encoding="utf-8"))


def test_an_unchanged_year_is_passed_over_without_reading_its_data(mini, tmp_path, monkeypatch):
    from rapportkarna.build import FederationBuild
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def read(self, year):
        raise AssertionError(f"the data of {year} was read")
    monkeypatch.setattr(FederationBuild, "load", read)
    again = _cli_build(mini, out)
    assert again.exit_code == 0, again.output
    assert "test 2011: unchanged" in again.output and "wrote 0 files" in again.output
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before  # not even the manifest
    monkeypatch.undo()
    # a shared template changed: the year is made again (its reports' templates are checked too)
    page = mini.root / "templates" / "base.html"
    page.write_text(page.read_text(encoding="utf-8") + "\n{# ändrad #}\n", encoding="utf-8")
    changed = _cli_build(mini, out)
    assert "test 2011: unchanged" not in changed.output and "arsredovisning.html" in changed.output


def test_the_whole_year_is_made_again_when_anything_it_reads_changes(mini, tmp_path):
    from rapportkarna.testing import MINIMAL_BUDGET, MINIMAL_YEAR
    mini.write("2012/year.toml", MINIMAL_YEAR)
    mini.write("2012/budget.csv", MINIMAL_BUDGET)
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0
    stamp = _manifest(out)["whole_year"]["stamp"]
    # the next year's meetings: where an årsredovisning is adopted
    mini.write("2012/meetings/2012-04-20-styrelse.toml",
               'id = "2012-04-20-styrelse"\nbody = "styrelse"\nkind = "kallelse"\ndate = 2012-04-20\n')
    remade = _cli_build(mini, out)
    assert remade.exit_code == 0, remade.output
    assert "test 2011: unchanged" not in remade.output and "test 2012: unchanged" not in remade.output
    assert _manifest(out)["whole_year"]["stamp"] != stamp
    # a file the build wrote, removed by hand
    (out / "test/2011/verksamhetsplan.html").unlink()
    rebuilt = _cli_build(mini, out)
    assert "test 2011: unchanged" not in rebuilt.output and (out / "test/2011/verksamhetsplan.html").is_file()
    # other options: a year built as HTML is not current for a build of its PDFs too
    assert "test 2011: unchanged" in _cli_build(mini, out).output
    from click.testing import CliRunner
    from rapportkarna.cli import main
    other = CliRunner().invoke(main, ["--root", str(mini.root), "build", "test", "--format", "html",
                                      "--pdf-variant", "a", "--out", str(out)])
    assert "test 2011: unchanged" not in other.output


def test_a_build_of_part_of_a_year_drops_the_whole_year_record(mini, tmp_path):
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0 and "whole_year" in _manifest(out)
    assert _cli_build(mini, out, "--report", "arsredovisning", "--force").exit_code == 0
    assert "whole_year" not in _manifest(out)
    again = _cli_build(mini, out)  # checked report by report, then recorded again
    assert "test 2011 arsredovisning: unchanged" in again.output and "whole_year" in _manifest(out)
    assert "test 2011: unchanged" in _cli_build(mini, out).output


def test_a_manifest_naming_a_template_outside_the_template_folders_is_not_current(mini, tmp_path):
    """A template path changed by hand to a file elsewhere (with that file's right hash) is not
    read, so the report is made again, for a whole-year build and for one report alike."""
    import json
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0
    manifest = out / "test/2011/manifest.json"
    elsewhere = tmp_path / "annanstans.html"
    elsewhere.write_text("<p>inte en mall härifrån</p>", encoding="utf-8")
    from rapportkarna.manifest import sha256
    data = json.loads(manifest.read_text(encoding="utf-8"))
    templates = data["reports"]["arsredovisning"]["templates"]
    templates[next(iter(templates))] = {"file": str(elsewhere), "sha256": sha256(elsewhere.read_bytes())}
    manifest.write_text(json.dumps(data), encoding="utf-8")
    again = _cli_build(mini, out)
    assert again.exit_code == 0
    assert "test 2011: unchanged" not in again.output and "arsredovisning: unchanged" not in again.output
    templates = json.loads(manifest.read_text(encoding="utf-8"))["reports"]["arsredovisning"]["templates"]
    assert str(elsewhere) not in json.dumps(templates)  # recorded again as it was made


@pytest.mark.parametrize("edit", [
    lambda report, loop: report.__setitem__("outputs", 5),
    lambda report, loop: report["templates"].__setitem__(next(iter(report["templates"])), {"file": 5}),
    lambda report, loop: report["templates"].__setitem__(next(iter(report["templates"])), "mall.html"),
    lambda report, loop: report["templates"].__setitem__(next(iter(report["templates"])),
                                                         {"file": str(loop), "sha256": "0"}),
], ids=["outputs-a-number", "template-file-a-number", "template-a-text", "template-a-loop-of-links"])
@pytest.mark.parametrize("args", [(), ("--report", "arsredovisning")], ids=["year", "one-report"])
def test_a_manifest_entry_changed_by_hand_is_not_current_and_made_again(mini, tmp_path, edit, args):
    import json
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0
    loop = tmp_path / "a"
    loop.symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(loop)
    data = _manifest(out)
    edit(data["reports"]["arsredovisning"], loop)
    data["whole_year"] = None
    (out / "test/2011/manifest.json").write_text(json.dumps(data), encoding="utf-8")
    again = _cli_build(mini, out, *args)
    assert again.exit_code == 0, again.output
    assert "arsredovisning: unchanged" not in again.output and "arsredovisning.html" in again.output
    assert isinstance(_manifest(out)["reports"]["arsredovisning"]["outputs"], dict)


def test_a_manifest_naming_files_outside_its_folder_is_not_current(mini, tmp_path):
    import json
    out = tmp_path / "out"
    assert _cli_build(mini, out).exit_code == 0
    manifest = out / "test/2011/manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    secret = tmp_path / "hemlig.txt"
    secret.write_text("hemlig", encoding="utf-8")
    from rapportkarna.manifest import sha256
    data["whole_year"]["files"]["../../../hemlig.txt"] = sha256(b"hemlig")  # changed by hand
    manifest.write_text(json.dumps(data), encoding="utf-8")
    again = _cli_build(mini, out)
    assert again.exit_code == 0 and "test 2011: unchanged" not in again.output

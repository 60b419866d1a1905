"""Template maintenance: the block inventory, ``rapportkarna templates`` (show, --all, --html),
the override checks, pinning and drift of shared blocks, and the generated block reference."""

import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rapportkarna.cli import main
from rapportkarna.template_blocks import (DOCS_BEGIN, DOCS_END, blocks_markdown, generated_part, parse_doc,
                                         parse_file, parse_template)
from rapportkarna.template_cli import templates

ROOT = Path(__file__).resolve().parents[1]

COVER_OVERRIDE = """\
    {% extends "core:base.html" %}
    {% block cover %}
      <p class="cover-org">{{ org.name }}</p>
      <h1 class="cover-title">{{ title }}</h1>
      <p class="motto">Tillsammans</p>
    {% endblock %}
    """


@pytest.fixture(autouse=True)
def registered() -> Iterator[None]:
    """``templates`` as a subcommand of ``rapportkarna``, as the lead registers it."""
    added = "templates" not in main.commands
    if added:
        main.add_command(templates)
    yield
    if added:
        main.commands.pop("templates", None)


def run(mini, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--root", str(mini.root), "templates", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


@pytest.fixture
def other(mini) -> Path:
    """A second federation, ``other``, like ``test`` and without templates of its own."""
    target = mini.root / "federations" / "other"
    shutil.copytree(mini.fed_dir, target)
    return target


def edit_shared(mini, name: str, old: str, new: str) -> None:
    path = mini.root / "templates" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- the inventory ------------------------------------------------------------------------------------

def test_inventory_of_the_shared_layout():
    info = parse_file(ROOT / "templates" / "base.html", "base.html")
    assert info.error is None and info.extends is None
    assert {"head", "styles", "cover", "cover_title", "cover_subtitle", "cover_facts", "toc", "main",
            "appendices", "back"} <= set(info.blocks)
    assert info.blocks["cover_title"].parent == "cover" and info.blocks["cover"].parent is None
    assert [b.name for b in info.nested("cover")] == ["cover_title", "cover_subtitle", "cover_facts"]
    cover = info.blocks["cover"]
    assert cover.required and [str(k) for k in cover.keeps] == ['class="cover-org"', 'class="cover-title"']
    assert info.blocks["cover_title"].variables == ("title",)
    assert {"org", "title", "logo_src"} <= set(cover.variables)
    source = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    between = re.search(r"\{% block cover_subtitle %\}(.*?)\{% endblock %\}", source)
    assert between is not None
    assert info.blocks["cover_subtitle"].fingerprint == hashlib.sha256(between.group(1).strip().encode()).hexdigest()
    report = parse_file(ROOT / "templates" / "reports" / "arsredovisning.html", "reports/arsredovisning.html")
    assert report.extends == "base.html" and list(report.blocks) == ["cover_subtitle"]


def test_every_block_of_the_named_shared_templates_is_documented():
    names = ["base.html", "blocks/section.html", *[f"reports/{p.name}" for p in (ROOT / "templates/reports").glob("*.html")],
             *[f"meetings/{p.name}" for p in (ROOT / "templates/meetings").glob("*.html") if p.name != "blocks.html"]]
    for name in names:
        info = parse_file(ROOT / "templates" / name, name)
        assert info.error is None, name
        undocumented = [b.name for b in info.blocks.values() if b.doc is None]
        assert not undocumented, f"{name}: blocks without a documentation comment: {undocumented}"


def test_block_text_and_documentation_come_from_the_tags():
    info = parse_template(
        "{# the page #}\n"
        "<body>\n"
        "  {#- The frame. required; keeps: class=\"frame\", `{{ x }}` -#}\n"
        "  {%- block frame scoped -%}\n"
        "  <div class=\"frame\">{{ x }}\n"
        "    {# not documentation: a blank line follows #}\n"
        "\n"
        "    {% block inner %}in{% endblock inner %}\n"
        "    {# The title #}\n"
        "    <h1>{% block title %}{{ title }}{% endblock %}</h1>\n"
        "  </div>\n"
        "  {%- endblock -%}\n"
        "</body>\n", "t.html")
    assert info.error is None and info.doc == "the page"
    frame = info.blocks["frame"]
    assert frame.source.startswith('<div class="frame">') and frame.source.endswith("</div>")
    assert frame.required and [str(k) for k in frame.keeps] == ['class="frame"', "`{{ x }}`"]
    assert frame.variables == ("title", "x")
    assert info.blocks["inner"].source == "in" and info.blocks["inner"].doc is None
    assert info.blocks["title"].doc is not None and info.blocks["title"].doc.text == "The title"
    assert not info.blocks["title"].required
    assert [b.name for b in info.top_blocks] == ["frame"]


def test_context_variables_leave_out_what_the_template_defines():
    info = parse_template(
        '{% from "m.html" import helper %}{% macro local(a, b=default) %}{{ a }}{{ inside }}{% endmacro %}'
        "{% block b %}{% set z = 1 %}{{ z }}{{ helper(local(w)) }}"
        "{% for i in items if i.ok %}{{ i }}{{ loop.index }}{% else %}{{ i }}{% endfor %}"
        "{% with k = v %}{{ k }}{% endwith %}{% if q %}{% set y = 2 %}{% endif %}{{ y }}"
        "{% call helper() %}{{ c }}{% endcall %}{{ range(3) }}{% endblock %}", "t.html")
    assert info.blocks["b"].variables == ("c", "i", "items", "q", "v", "w")


def test_a_keeps_note_is_data():
    doc = parse_doc('- required; keeps: class="cover-org", class="cover-title" (the running header) -')
    assert doc.required and [str(k) for k in doc.keeps] == ['class="cover-org"', 'class="cover-title"']
    keep = doc.keeps[1]
    assert keep.kept_in('<h1 class="big cover-title">') and keep.kept_in("<h1 class='cover-title'>")
    assert not keep.kept_in('<h1 class="cover-title-x">') and not keep.kept_in('<h1 data-class="cover-title">')
    assert not parse_doc("The title; an override may change it.").required


# -- templates SLUG ------------------------------------------------------------------------------------

def test_show_names_the_layer_and_the_blocks_an_override_replaces(mini):
    mini.write("templates/base.html", COVER_OVERRIDE)
    mini.write("templates/reports/arsredovisning.html", """\
        {% extends "core:reports/arsredovisning.html" %}
        {% block cover_subtitle %}Året {{ year }}{% endblock %}
        {% block styles %}.motto { font-style: italic; }{% endblock %}
        """)
    result = run(mini, "test")
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search(r"^  base\.html +federation$", out, re.MULTILINE)
    assert "extends core base.html" in out and "replaces cover (core base.html)" in out
    assert re.search(r"^  reports/arsredovisning\.html +federation$", out, re.MULTILINE)
    assert "replaces cover_subtitle (core reports/arsredovisning.html)" in out
    assert "fills styles (core base.html)" in out
    assert re.search(r"^  meetings/protokoll\.html +core$", out, re.MULTILINE)
    assert re.search(r"^  sections/inledning\.html +core$", out, re.MULTILINE)
    assert "Problems" not in out and "full cop" not in out
    assert run(mini, "show", "test").output == out


def test_a_whole_file_shadow_is_reported_as_a_full_copy(mini):
    shared = (mini.root / "templates" / "reports" / "delarsrapport.html").read_text(encoding="utf-8")
    mini.path("templates/reports").mkdir(parents=True)
    mini.path("templates/reports/delarsrapport.html").write_text(shared.replace("prognos", "Prognos"), encoding="utf-8")
    out = run(mini, "test").output
    assert "a full copy of core reports/delarsrapport.html" in out
    assert '{% extends "core:reports/delarsrapport.html" %}' in out and "(cover_subtitle)" in out
    assert "1 full copy" in out
    mini.write("templates/css/theme.css", ":root { --primary: #000000; }\n")
    out = run(mini, "test").output
    assert 'a full copy of core css/theme.css' in out and '{% include "core:css/theme.css" %}' in out


def test_the_advice_for_a_stylesheet_works(mini):
    mini.write("templates/css/theme.css", """\
        {% include "core:css/theme.css" %}
        :root { --muted: #444444; }
        """)
    html = mini.report("arsredovisning").html
    assert "--primary: #1f4e79;" in html and ":root { --muted: #444444; }" in html
    assert "full copy" not in run(mini, "test").output


def test_an_override_that_drops_a_kept_class_is_a_problem(mini):
    mini.write("templates/base.html", COVER_OVERRIDE.replace('class="cover-title"', 'class="title"'))
    result = run(mini, "test")
    assert result.exit_code == 0
    problems = result.output.split("Problems:")[1].strip().splitlines()
    assert len(problems) == 1
    assert problems[0].startswith("federations/test/templates/base.html:2: block cover: the override drops "
                                  'class="cover-title"')
    assert "css/report.css" in problems[0] and "cover-org" not in problems[0]
    assert "super()" in problems[0]
    check = run(mini, "check", "test")
    assert "problem: federations/test/templates/base.html:2: block cover" in check.output
    # kept in a longer class list, or through super(): no problem
    mini.write("templates/base.html", COVER_OVERRIDE.replace('class="cover-title"', 'class="big cover-title"'))
    assert "Problems" not in run(mini, "test").output
    mini.write("templates/base.html", '{% extends "core:base.html" %}\n{% block cover %}{{ super() }}<p>x</p>{% endblock %}\n')
    assert "Problems" not in run(mini, "test").output
    mini.write("templates/base.html", '{% extends "core:base.html" %}\n{% block cover %}{% include "blocks/my_cover.html" %}'
               '{% endblock %}\n')
    mini.write("templates/blocks/my_cover.html", '<p class="cover-org">{{ org.name }}</p><h1 class="cover-title">T</h1>')
    assert "Problems" not in run(mini, "test").output
    mini.path("templates/blocks/my_cover.html").unlink()
    # emptied
    mini.write("templates/base.html", '{% extends "core:base.html" %}\n{% block cover %}{% endblock %}\n')
    assert "leaves empty a block the shared core base.html marks required" in run(mini, "test").output


def test_what_must_be_kept_is_read_from_the_shared_blocks_comment(mini):
    mini.write("templates/base.html", COVER_OVERRIDE.replace('class="cover-title"', 'class="title"'))
    edit_shared(mini, "base.html", 'keeps: class="cover-org",\n   class="cover-title" (', 'keeps: class="cover-org" (')
    assert "Problems" not in run(mini, "test").output
    edit_shared(mini, "base.html", 'keeps: class="cover-org" (', 'keeps: class="motto", class="cover-org" (')
    assert "Problems" not in run(mini, "test").output  # the override has a motto
    edit_shared(mini, "base.html", 'keeps: class="motto", class="cover-org" (', 'keeps: class="seal" (')
    assert 'drops class="seal"' in run(mini, "test").output


def test_a_full_copy_must_keep_what_a_required_block_keeps(mini):
    shared = (mini.root / "templates" / "base.html").read_text(encoding="utf-8")
    mini.path("templates").mkdir()
    mini.path("templates/base.html").write_text(shared.replace('<p class="cover-org">', '<p class="org">'),
                                                encoding="utf-8")
    out = run(mini, "test").output
    assert "a full copy of core base.html" in out
    assert 'block cover: this full copy drops class="cover-org"' in out


def test_all_shows_which_shared_blocks_are_overridden_most(mini, other):
    mini.write("templates/reports/arsredovisning.html", """\
        {% extends "core:reports/arsredovisning.html" %}
        {% block cover_subtitle %}Året {{ year }}{% endblock %}
        """)
    mini.write("templates/base.html", COVER_OVERRIDE)
    (other / "templates" / "reports").mkdir(parents=True)
    (other / "templates" / "reports" / "arsredovisning.html").write_text(
        '{% extends "core:reports/arsredovisning.html" %}\n{% block cover_subtitle %}År {{ year }}{% endblock %}\n',
        encoding="utf-8")
    out = run(mini, "--all").output
    rows = [line.split() for line in out.splitlines() if "›" in line]
    assert rows[0] == ["reports/arsredovisning.html", "›", "cover_subtitle", "x", "x", "2"]
    assert rows[1] == ["base.html", "›", "cover", "·", "x", "1"]
    assert "other" in out.splitlines()[2] and "test" in out.splitlines()[2]


def test_html_page_is_self_contained_and_escaped(mini, tmp_path):
    mini.path("templates/reports").mkdir(parents=True)
    shutil.copy(mini.root / "templates" / "reports" / "delarsrapport.html", mini.path("templates/reports/"))
    mini.write("templates/sections/x<script>.html", '{% extends "blocks/section.html" %}{% block body %}x{% endblock %}')
    page = tmp_path / "out" / "templates.html"
    result = run(mini, "test", "--html", str(page))
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "x&lt;script&gt;.html" in html
    assert "{% extends &#34;core:reports/delarsrapport.html&#34; %}" in html
    assert not re.search(r"<link|src=|@import", html)
    run(mini, "--all", "--html", str(page))
    assert "reports/delarsrapport.html (whole file)" in page.read_text(encoding="utf-8")


def test_a_themes_template_is_a_layer_of_its_own(mini):
    theme = mini.root / "themes" / "norrland"
    (theme / "reports").mkdir(parents=True)
    (theme / "reports" / "arsredovisning.html").write_text(
        '{% extends "core:reports/arsredovisning.html" %}\n{% block cover_subtitle %}Norrland {{ year }}{% endblock %}\n',
        encoding="utf-8")
    config = mini.path("federation.toml")
    config.write_text('themes = ["norrland"]\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    mini.write("templates/base.html", '{% extends "core:base.html" %}\n{% block cover_title %}Å{% endblock %}\n')
    out = run(mini, "test").output
    assert "test: templates from federation (federations/test/templates) → theme norrland (themes/norrland) → core" \
        in out
    assert re.search(r"^  reports/arsredovisning\.html +theme norrland$", out, re.MULTILINE)
    assert "replaces cover_subtitle (core reports/arsredovisning.html)" in out
    assert "replaces cover_title (core base.html)" in out
    run(mini, "pin", "test")
    lock = json.loads(mini.path("templates.lock").read_text(encoding="utf-8"))
    assert [(p["template"], p["block"], p["layer"]) for p in lock["pins"]] == [("base.html", "cover_title", "core")]


# -- pin, check, diff ------------------------------------------------------------------------------------

def test_drift_of_an_overridden_shared_block(mini, other):
    mini.write("templates/base.html", COVER_OVERRIDE)
    first = run(mini, "check")
    assert first.exit_code == 0
    assert "unpinned: base.html › cover: overridden in templates/base.html but never pinned" in first.output
    assert "ok   other (no overrides)" in first.output
    assert run(mini, "check", "--strict").exit_code == 1

    pinned = run(mini, "pin", "test")
    assert pinned.exit_code == 0 and "wrote federations/test/templates.lock: 1 block, 0 whole files" in pinned.output
    lock = mini.path("templates.lock").read_text(encoding="utf-8")
    entry = json.loads(lock)["pins"][0]
    assert entry["template"] == "base.html" and entry["block"] == "cover" and entry["layer"] == "core"
    assert entry["overridden_in"] == ["templates/base.html"] and 'class="cover-org"' in entry["source"]
    assert str(mini.root) not in lock
    run(mini, "pin", "test")
    assert mini.path("templates.lock").read_text(encoding="utf-8") == lock  # deterministic
    assert not (other / "templates.lock").exists()
    clean = run(mini, "check", "--all", "--strict")
    assert clean.exit_code == 0 and "ok   test" in clean.output and "ok   other" in clean.output

    # a shared block no federation overrides changes: nothing to report
    edit_shared(mini, "base.html", "<p>Följande uppgifter", "<p class=\"lead\">Följande uppgifter")
    assert run(mini, "check", "--strict").exit_code == 0

    # the overridden shared block changes: exactly the federation that overrides it is flagged
    edit_shared(mini, "base.html", '<p class="cover-org">{{ org.name }}</p>',
                '<p class="cover-org">{{ org.name }}</p>\n  <p class="cover-seat">{{ org.seat }}</p>')
    drift = run(mini, "check")
    assert drift.exit_code == 0
    assert "WARN test" in drift.output and "ok   other" in drift.output
    assert "changed: base.html › cover: the shared core block changed since it was pinned" in drift.output
    assert run(mini, "check", "other", "--strict").exit_code == 0
    assert run(mini, "check", "--strict").exit_code == 1

    diff = run(mini, "diff", "test").output
    assert "--- base.html › cover (pinned)" in diff and "+++ base.html › cover (now)" in diff
    assert '+  <p class="cover-seat">{{ org.seat }}</p>' in diff
    assert "-- the federation's override (templates/base.html):" in diff and '<p class="motto">Tillsammans</p>' in diff
    assert "rapportkarna templates pin test" in diff

    run(mini, "pin", "test")
    assert run(mini, "check", "--strict").exit_code == 0
    assert "no shared block changed since the pin" in run(mini, "diff", "test").output


def test_a_removed_or_renamed_shared_block_is_reported_as_such(mini):
    mini.write("templates/base.html", """\
        {% extends "core:base.html" %}
        {% block cover_facts %}<dt>Säte</dt><dd>{{ org.seat }}</dd>{% endblock %}
        """)
    run(mini, "pin", "test")
    edit_shared(mini, "base.html", "{% block cover_facts %}", "{% block cover_fakta %}")
    renamed = run(mini, "check", "--strict")
    assert renamed.exit_code == 1
    assert "renamed: templates/base.html › cover_facts: block cover_facts of base.html seems to be renamed cover_fakta" \
        in renamed.output
    assert "stale" not in renamed.output and "unpinned" not in renamed.output

    path = mini.root / "templates" / "base.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\{% block cover_fakta %\}(.*?)\{% endblock %\}", r"\1", text, flags=re.DOTALL),
                    encoding="utf-8")
    removed = run(mini, "check")
    assert removed.exit_code == 0
    assert "removed: templates/base.html › cover_facts: block cover_facts was removed from base.html" in removed.output
    diff = run(mini, "diff", "test").output
    assert "the shared text as pinned (it is gone now)" in diff and "<dt>Organisationsform</dt>" in diff

    pinned = run(mini, "pin", "test")
    assert "not pinned: templates/base.html › cover_facts: no template it extends has this block" in pinned.output
    assert "removed: templates/base.html › cover_facts: none of the templates it extends has this block" \
        in run(mini, "check").output


def test_a_block_removed_from_the_nearer_shared_template(mini):
    mini.write("templates/reports/arsredovisning.html", """\
        {% extends "core:reports/arsredovisning.html" %}
        {% block cover_subtitle %}Året {{ year }}{% endblock %}
        """)
    run(mini, "pin", "test")
    edit_shared(mini, "reports/arsredovisning.html", '{% block cover_subtitle %}{{ subtitle or "Verksamhetsåret " ~ year }}'
                "{% endblock %}", "")
    out = run(mini, "check").output
    assert ("removed: reports/arsredovisning.html › cover_subtitle: block cover_subtitle was removed from "
            "reports/arsredovisning.html; the override now replaces block cover_subtitle of core base.html") in out
    assert "stale" not in out


def test_a_copied_shared_template_drifts_too(mini):
    mini.write("templates/css/theme.css", ":root { --primary: #000000; }\n")
    run(mini, "pin", "test")
    assert run(mini, "check", "--strict").exit_code == 0
    edit_shared(mini, "css/theme.css", "--zebra: #f3f5f8;", "--zebra: #f3f5f8;\n  --link: #0645ad;")
    out = run(mini, "check").output
    assert "changed: css/theme.css (whole file): the shared core file changed since it was pinned" in out
    assert "+  --link: #0645ad;" in run(mini, "diff", "test").output
    (mini.root / "templates" / "css" / "theme.css").unlink()
    assert "the shared template css/theme.css this file copied no longer exists" in run(mini, "check").output


def test_a_pin_no_override_needs_any_more_is_a_note(mini):
    mini.write("templates/base.html", COVER_OVERRIDE)
    run(mini, "pin", "test")
    mini.path("templates/base.html").unlink()
    out = run(mini, "check", "--strict")
    assert out.exit_code == 0 and "stale: base.html › cover: pinned, but no file of the federation overrides it" \
        in out.output


def test_a_broken_federation_does_not_stop_the_others(mini, other):
    (other / "federation.toml").write_text('plugins = ["nosuch"]\n' + (other / "federation.toml").read_text(
        encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    result = run(mini, "check", "--strict")
    assert result.exit_code == 1
    assert "FAIL other: " in result.output and "unknown plugin 'nosuch'" in result.output
    assert "ok   test" in result.output
    assert "skipped other: " in run(mini, "--all").output


def test_a_broken_lock_is_a_message(mini):
    mini.write("templates/base.html", COVER_OVERRIDE)
    mini.write("templates.lock", "{not json")
    for args in (["check"], ["check", "test"]):
        result = CliRunner().invoke(main, ["--root", str(mini.root), "templates", *args])
        assert result.exit_code == 1 and "templates.lock: not a templates.lock" in result.output
        assert "Traceback" not in result.output


def test_an_override_that_extends_itself(mini):
    mini.write("templates/base.html", '{% extends "base.html" %}\n{% block cover_title %}Å{% endblock %}\n')
    out = run(mini, "test").output
    assert 'extends itself: "base.html" finds this very file; extend "core:base.html"' in out


def test_usage(mini):
    assert "name a federation, or --all" in run(mini, "show").output
    assert "unknown federation 'nope'" in CliRunner().invoke(main, ["--root", str(mini.root), "templates",
                                                                    "nope"]).output
    assert "pin" in run(mini, "--help").output


# -- the generated reference -------------------------------------------------------------------------------

def test_block_reference_in_docs_is_current():
    committed = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    assert generated_part(committed) == blocks_markdown(ROOT / "templates"), \
        "run: rapportkarna templates docs --update docs/templates.md"


def test_docs_command_prints_and_updates(tmp_path):
    generated = blocks_markdown(ROOT / "templates")
    assert generated.startswith(DOCS_BEGIN) and generated.rstrip().endswith(DOCS_END)
    assert "## Blocks of the shared templates" in generated and "### `base.html`" in generated
    assert "| `cover` | yes; keeps `class=\"cover-org\"`, `class=\"cover-title\"` |" in generated
    assert "| `--primary` | federation.toml `[theme] primary` (default `#1f4e79`) |" in generated
    printed = CliRunner().invoke(main, ["--root", str(ROOT), "templates", "docs"])
    assert printed.exit_code == 0 and printed.output == generated
    target = tmp_path / "templates.md"
    target.write_text("# Title\n\nText.\n", encoding="utf-8")
    for _ in range(2):
        CliRunner().invoke(main, ["--root", str(ROOT), "templates", "docs", "--update", str(target)])
        assert target.read_text(encoding="utf-8") == "# Title\n\nText.\n\n" + generated

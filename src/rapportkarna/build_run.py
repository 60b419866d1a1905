"""A run of the ``build`` command: the federation-years it asks for, each planned, made and
swapped into the output folder together (or not at all), with the PDFs made by a pool of workers
and a progress display. The command's arguments and options are in :mod:`rapportkarna.cli`."""

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from rapportkarna.build import FederationBuild, plan
from rapportkarna.errors import RapportError
from rapportkarna.incremental import (build_options, plugin_entries, template_folders, year_inputs, year_stamp,
                                      year_unchanged)
from rapportkarna.meetings.documents import select
from rapportkarna.pdf import set_aside
from rapportkarna.plugins import PluginInfo
from rapportkarna.progress import Progress
from rapportkarna.publish import (IN_PROCESS, Options, Renderer, YearPlan, check_formats, finish, plan_meetings,
                                  plan_year, start_plan)
from rapportkarna.staging import YearOutput, year_output
from rapportkarna.workspace import Workspace


def _split_formats(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class BuildRequest:
    """What the ``build`` command was asked for (its arguments and options, as ``rapportkarna build
    --help`` describes them)."""

    slugs: tuple[str, ...]
    all_: bool
    reports: tuple[str, ...]
    years: tuple[int, ...]
    formats: str
    out_dir: Path
    pdf_variant: str
    moment_id: str | None
    meeting: str | None
    document: str | None
    force: bool
    jobs: int | None


def run(workspace: Workspace, catalogue: dict[str, PluginInfo], request: BuildRequest) -> None:
    """Build what ``request`` asks for; a federation-year that fails leaves its last good files."""
    # what is imported by now lives until the end: the collector need not walk it at every pass,
    # and forked workers share it without copying (collections would write to its pages)
    with set_aside():
        _run(workspace, catalogue, request)


def _run(workspace: Workspace, catalogue: dict[str, PluginInfo], request: BuildRequest) -> None:
    slugs, all_, reports, years = request.slugs, request.all_, request.reports, request.years
    moment_id, meeting, document, jobs = request.moment_id, request.meeting, request.document, request.jobs
    out_dir = request.out_dir
    options = Options(out_dir=out_dir if out_dir.is_absolute() else Path.cwd() / out_dir,
                      formats=_split_formats(request.formats), pdf_variant=request.pdf_variant, force=request.force)
    check_formats(options.formats)
    targets = plan(workspace, [] if all_ else list(slugs), years, reports)
    from rapportkarna.workers import Pool, default_jobs  # multiprocessing: only for a build
    # workers make the PDFs; even for one report, one worker imports WeasyPrint while this process
    # loads the data and renders the HTML
    count = (jobs or _default_jobs(targets, default_jobs())) if "pdf" in options.formats else 1
    started = time.perf_counter()
    with Progress.for_terminal() as shown, ExitStack() as stack:
        if count > 1 or (jobs is None and "pdf" in options.formats):  # one worker still overlaps this process
            renderer: Renderer = stack.enter_context(Pool(count))
        else:
            renderer = IN_PROCESS
        builds: dict[str, FederationBuild] = {}
        planned: list[_Target] = []
        failed: list[str] = []
        written = 0
        for number, (federation, year, report_ids) in enumerate(targets, start=1):
            if federation.slug not in builds:  # a federation's years come one after another
                builds.clear()
            fed = builds.setdefault(federation.slug, FederationBuild(workspace, federation, catalogue))
            target = _Target(f"[{number}/{len(targets)}]", federation.slug, year, shown, ExitStack())
            stack.push(target.staging)  # an error or Ctrl-C throws away every staging copy still open
            whole_year = report_ids is None and not (moment_id or meeting or document)
            try:
                # the files are read once: the stamp and the manifest record the same reading
                digests = (year_inputs(fed, year), plugin_entries(fed))
                stamp = year_stamp(*digests, build_options(options.formats, options.pdf_variant)) \
                    if whole_year else None
                if stamp and not request.force and _unchanged_year(target, options.out_dir, stamp, fed):
                    continue
                if "pdf" in options.formats:
                    renderer.prepare()  # the workers import WeasyPrint while this process loads the year
                # one federation-year's reports, meeting documents and manifest change together or not at all
                output = target.staging.enter_context(year_output(options.out_dir / federation.slug / str(year)))
                target.plan = _plan_target(start_plan(fed, year, options, digests), report_ids, renderer,
                                           target.say, output, moment_id, meeting, document)
                target.plan.whole_year = stamp
            except RapportError as exc:
                target.fail(exc, len(targets) == 1, failed)
                continue
            target.output = output
            planned.append(target)
            shown.add(len(target.plan.pieces))
            # what is made is written as soon as it is there; and at most a few federation-years are
            # planned ahead of what is written, so this process's memory stays flat however many
            while len(planned) > 1 and (planned[0].ready() or len(planned) > 4 * count):
                written += planned.pop(0).finish(shown, False, failed)
        written += sum(target.finish(shown, len(targets) == 1, failed) for target in planned)
    click.echo(f"wrote {written} files to {options.out_dir} in {time.perf_counter() - started:.1f} s", err=True)
    if failed:
        raise RapportError(f"{len(failed)} of {len(targets)} builds failed: {', '.join(failed)}")


def _default_jobs(targets: list[tuple[Any, int, list[str] | None]], cores: int) -> int:
    """One worker per core; with --report, no more than the reports asked for (a worker more only
    takes a core from this process while it imports WeasyPrint)."""
    if all(report_ids for _, _, report_ids in targets):
        return max(1, min(cores, sum(len(report_ids or ()) for _, _, report_ids in targets)))
    return cores


def _unchanged_year(target: "_Target", out_dir: Path, stamp: str, fed: FederationBuild) -> bool:
    """Whether the federation-year's last whole build is current (then said, with its notes)."""
    notes = year_unchanged(out_dir / target.slug / str(target.year), stamp, fed.workspace.root, template_folders(fed))
    if notes is None:
        return False
    for note in notes:
        target.say(note)
    target.say(f"{target.slug} {target.year}: unchanged")
    return True


@dataclass
class _Target:
    """One federation-year of a build: its staging copy, open from planning until it is swapped in
    (or thrown away), and what is made for it."""

    prefix: str
    slug: str
    year: int
    shown: Progress
    staging: ExitStack
    output: YearOutput | None = None
    plan: YearPlan | None = None

    def say(self, message: str) -> None:
        self.shown.line(f"{self.prefix} {message}")

    def fail(self, exc: RapportError, alone: bool, failed: list[str]) -> None:
        """The last good files stay: the staging copy is thrown away."""
        self.staging.__exit__(type(exc), exc, exc.__traceback__)
        if alone:
            raise exc
        # one federation's mistake does not stop the others
        self.shown.line(click.style(f"{self.prefix} {self.slug} {self.year}: FAILED\n{exc}", fg="red"))
        failed.append(f"{self.slug} {self.year}")

    def ready(self) -> bool:
        """Whether every document of the federation-year is made (so finishing it will not wait)."""
        return self.plan is not None and all(piece.making.done() for piece in self.plan.pieces)

    def finish(self, shown: Progress, alone: bool, failed: list[str]) -> int:
        """Write what was made and swap it in; the number of files written."""
        assert self.plan is not None and self.output is not None
        try:
            files = finish(self.plan, self.output, self.say, shown)
        except RapportError as exc:
            self.fail(exc, alone, failed)
            return 0
        finally:
            self.plan = None  # what was made, and the data it was made from, need not be kept
        self.staging.close()  # the swap
        return len(files)


def _plan_target(start: YearPlan, report_ids: list[str] | None, renderer: Renderer, say: Callable[[str], None],
                 output: YearOutput, moment_id: str | None, meeting: str | None, document: str | None) -> YearPlan:
    """What one federation-year's build makes: its reports, then its meetings' documents (none
    for a meeting of another year)."""
    fed, year, options, current = start.fed, start.year, start.options, output.path("")
    year_plan = start
    if not (meeting or document):
        year_plan = plan_year(fed, year, report_ids, options, renderer, say, moment_id, current, year_plan)
    if not (report_ids or moment_id) and (meeting is None or _meeting_in(fed, meeting, year)):
        year_plan = plan_meetings(fed, year, meeting, document, options, renderer, say, current, year_plan)
    return year_plan


def _meeting_in(fed: FederationBuild, wanted: str, year: int) -> bool:
    """Whether ``wanted`` (a meeting id or date) names a meeting of ``year``; an unknown one is an error."""
    meetings = fed.meetings()
    if wanted in meetings:
        return meetings[wanted].date.year == year
    if any(m.date.isoformat() == wanted for m in meetings.values()):
        return wanted.startswith(str(year))
    select(meetings, wanted)  # raises, naming the meetings there are
    return False

"""Where federations live: ``federations/<slug>/`` folders with a federation.toml and year folders."""

import importlib.resources
import re
import tomli
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from rapportkarna.errors import Problem, RapportError, ValidationFailed
from rapportkarna.loader import CONFIG_FILE, YEAR_FILE, load_config
from rapportkarna.model import FederationConfig

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class Federation:
    """One federation's folder. Its configuration is read (and validated) on first use."""

    slug: str
    root: Path

    @cached_property
    def config(self) -> FederationConfig:
        return load_config(self.root)

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def years(self) -> list[int]:
        """The year folders; one without its year.toml is a problem, not passed over: its reports
        would be missing without a word."""
        folders = [p for p in self.root.iterdir() if re.fullmatch(r"\d{4}", p.name)]
        lacking = [Problem(p / YEAR_FILE, None, None, f"the year folder {p.name} has no {YEAR_FILE}; every year "
                                                      f"folder starts with one (docs/federations.md)")
                   if p.is_dir() else
                   Problem(p, None, None, f"{p.name} is a file; a year's data is a folder with a {YEAR_FILE}")
                   for p in folders if not (p / YEAR_FILE).is_file()]
        if lacking:
            raise ValidationFailed(lacking)
        return sorted(int(p.name) for p in folders)

    def unread_entries(self) -> list[Path]:
        """Files and folders in the federation's folder that nothing reads: a misspelt
        ``federation.tom``, a stray ``2O11`` folder. Dot-files are the user's own."""
        config = self.config
        named = [config.organisation.logo or ""]
        if config.accounts is not None:
            named += [config.accounts.mapping, *config.accounts.overrides]
        read = {CONFIG_FILE, "templates", "templates.lock", "kolada", "__pycache__"}
        read |= {Path(name).parts[0] for name in named if name and not Path(name).is_absolute() and Path(name).parts}
        return [p for p in sorted(self.root.iterdir())
                if not p.name.startswith(".") and p.name not in read and not re.fullmatch(r"\d{4}", p.name)]

    @property
    def report_years(self) -> list[int]:
        """Years reports are built for: all but those whose year.toml says ``comparison_only``."""
        return [year for year in self.years if not _comparison_only(self.root / str(year) / YEAR_FILE)]


def _comparison_only(path: Path) -> bool:
    """A quick look at year.toml; a file that cannot be read is a report year, and its
    validation says what is wrong with it."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return _says_comparison_only(text)


@lru_cache(maxsize=256)
def _says_comparison_only(text: str) -> bool:
    """Kept by the text: a command asks for a federation's report years many times."""
    try:
        return tomli.loads(text).get("comparison_only") is True
    except (ValueError, RecursionError):  # not TOML, an integer of thousands of digits, arrays nested deep
        return False


@dataclass(frozen=True)
class Workspace:
    """The project folder: ``federations/``, optionally ``plugins/`` and ``templates/``.

    The repository is a workspace; so is any folder with a ``federations/`` folder, used with an
    installed rapportkarna (``--root`` or the current folder).
    """

    root: Path

    @property
    def federations_dir(self) -> Path:
        return self.root / "federations"

    @property
    def plugins_dir(self) -> Path:
        return self.root / "plugins"

    @property
    def themes_dir(self) -> Path:
        """Shared template sets of the workspace: ``themes/<name>/`` (see :mod:`rapportkarna.themes`)."""
        return self.root / "themes"

    @property
    def templates_dir(self) -> Path:
        """The shared templates: the workspace's own ``templates/`` if it has one (the repository's,
        or a workspace's complete copy), else those installed with rapportkarna."""
        own = self.root / "templates"
        return own if own.is_dir() else installed_templates()

    def federations(self) -> list[Federation]:
        if not self.federations_dir.is_dir():
            raise RapportError(f"{self.federations_dir}: no federations folder here; "
                               "run from the project folder or pass --root")
        return [Federation(p.name, p) for p in sorted(self.federations_dir.iterdir())
                if p.is_dir() and (p / CONFIG_FILE).exists()]

    def federation(self, slug: str) -> Federation:
        found = {f.slug: f for f in self.federations()}
        if slug not in found:
            known = ", ".join(found) or "none"
            raise RapportError(f"unknown federation '{slug}'; federations in "
                               f"{self.federations_dir}: {known}")
        return found[slug]


def installed_templates() -> Path:
    """The shared templates that come with rapportkarna.

    A wheel holds them inside the package, as ``rapportkarna/templates/`` (pyproject.toml maps the
    repository's top-level ``templates/`` there). In a source checkout — an editable install of
    either kind, or ``src/`` on the path — they are that top-level folder, two levels up.
    """
    package = Path(str(importlib.resources.files("rapportkarna")))
    for folder in (package / "templates", package.parent.parent / "templates"):
        if (folder / "base.html").is_file():
            return folder
    raise RapportError(f"the shared templates are missing from this installation of rapportkarna ({package}); "
                       "reinstall it, or give the workspace a templates/ folder of its own")

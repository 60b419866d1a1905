"""A plugin with a data extension (a table of courses), shared by the corpus's extension cases:
each case copies it under a name of its own (``shared_plugin`` in its expect.toml), since a
plugin's module is imported once a process by its name. The extension, and its table
``<name>.csv``, are named as the plugin is."""

import datetime as dt

from pydantic import BaseModel, ConfigDict

from rapportkarna import hookimpl
from rapportkarna.extensions import DataExtension

NAME = __name__.rpartition(".")[2]  # rapportkarna_plugins.<name>


class Kurs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    namn: str
    deltagare: int
    start: dt.time | None = None


class Kurser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rader: list[Kurs] = []
    tid: dt.time | None = None


@hookimpl
def data_extensions():
    return [DataExtension(name=NAME, model=Kurser, tables={"rader": f"{NAME}.csv"})]

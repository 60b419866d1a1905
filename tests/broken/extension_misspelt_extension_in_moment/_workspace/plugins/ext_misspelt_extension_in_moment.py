import datetime as dt

from pydantic import BaseModel, ConfigDict

from rapportkarna import hookimpl
from rapportkarna.extensions import DataExtension


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
    return [DataExtension(name="ext_misspelt_extension_in_moment", model=Kurser, tables={"rader": "ext_misspelt_extension_in_moment.csv"})]

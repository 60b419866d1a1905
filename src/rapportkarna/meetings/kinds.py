"""Kinds of agenda items: core's, and those plugins add through ``agenda_item_kinds``."""

from pydantic import BaseModel, ConfigDict, Field

from rapportkarna.model.meeting import ItemKind


class AgendaItemKind(BaseModel):
    """A kind of agenda item. ``template`` (optional) renders what the item holds beyond its
    texts, e.g. a plugin's round of reports from each municipality; it gets ``item`` and
    ``meeting`` besides the document's context."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_-]+$")
    label: str
    formal: bool = False
    template: str | None = None


CORE_KINDS = [
    AgendaItemKind(id=ItemKind.FORMAL.value, label="Formalia", formal=True),
    AgendaItemKind(id=ItemKind.ARENDE.value, label="Ärende"),
    AgendaItemKind(id=ItemKind.INFORMATION.value, label="Information"),
    AgendaItemKind(id=ItemKind.RAPPORT.value, label="Rapport"),
    AgendaItemKind(id=ItemKind.OVRIGT.value, label="Övrigt"),
]

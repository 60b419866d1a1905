"""JSON Schema of the files kansli staff write, for editors that complete and check TOML."""

import json

from pydantic import BaseModel

from rapportkarna.model import FederationConfig, Meeting, MomentData, YearData

SCHEMAS: dict[str, type[BaseModel]] = {
    "federation": FederationConfig,
    "year": YearData,
    "moment": MomentData,
    "meeting": Meeting,
}


def schema_json(what: str) -> str:
    model = SCHEMAS[what]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if what == "moment":  # the outcomes are read from the moment's budget.csv, not written in TOML
        schema["properties"].pop("outcomes", None)
    schema["title"] = {"federation": "federation.toml", "year": "year.toml", "moment": "<moment>/moment.toml",
                       "meeting": "meetings/<id>.toml"}[what]
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"

"""JSON Schema of the files kansli staff write, for editors that complete and check TOML."""

import json

from pydantic import BaseModel

from rapportkarna.model import FederationConfig, Meeting, YearData

SCHEMAS: dict[str, type[BaseModel]] = {
    "federation": FederationConfig,
    "year": YearData,
    "meeting": Meeting,
}


def schema_json(what: str) -> str:
    model = SCHEMAS[what]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = {"federation": "federation.toml", "year": "year.toml",
                       "meeting": "meetings/<id>.toml"}[what]
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"

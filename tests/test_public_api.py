"""Plugins use rapportkärna through its public surface only: what `rapportkarna` re-exports."""

import ast
from pathlib import Path

import pytest

import rapportkarna

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_FILES = sorted([*(ROOT / "plugins").rglob("*.py"), *(ROOT / "examples").rglob("*.py")])


def test_every_public_name_can_be_imported():
    for name in rapportkarna.__all__:
        assert getattr(rapportkarna, name) is not None, name
    with pytest.raises(AttributeError):
        _ = rapportkarna.does_not_exist


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_example_plugins_import_only_the_public_surface(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "rapportkarna":
            assert node.module == "rapportkarna", (
                f"{path.name}:{node.lineno} imports from {node.module}; import from rapportkarna itself")
            unknown = [a.name for a in node.names if a.name not in rapportkarna.__all__]
            assert not unknown, f"{path.name}:{node.lineno}: not public: {unknown}"
        if isinstance(node, ast.Import):
            inner = [a.name for a in node.names if a.name.startswith("rapportkarna.")]
            assert not inner, f"{path.name}:{node.lineno} imports {inner}; import from rapportkarna itself"

"""The Mermaid ERD of docs/architecture.md, generated from the Django models.

`.venv/bin/python docs/erd.py` rewrites the diagram between the ERD markers of the document;
tests/test_architecture.py fails when the document's diagram is not what the models say.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
BEGIN, END = "<!-- erd:begin (docs/erd.py) -->", "<!-- erd:end -->"


def _column_type(field: Any) -> str:
    if field.is_relation:
        name = field.target_field.get_internal_type().removesuffix("Field").lower()
        return {"bigauto": "biginteger", "auto": "integer"}.get(name, name)
    return field.get_internal_type().removesuffix("Field").lower()


def mermaid_erd() -> str:
    """An `erDiagram` of every model of the project's apps (backend.*), columns and relations."""
    from django.apps import apps

    models = sorted(
        (m for m in apps.get_models() if m.__module__.startswith("backend.")),
        key=lambda m: (m._meta.app_label, m.__name__),
    )
    lines = ["erDiagram"]
    relations = []
    for model in models:
        lines.append(f"    {model.__name__} {{")
        for field in model._meta.concrete_fields:
            marks = "PK" if field.primary_key else "FK" if field.is_relation else ""
            if field.unique and not field.primary_key:
                marks = f"{marks}, UK" if marks else "UK"
            lines.append(f"        {_column_type(field)} {field.column} {marks}".rstrip())
        lines.append("    }")
        for relation in model._meta.get_fields(include_hidden=False):
            target = relation.related_model
            if not relation.is_relation or relation.auto_created or target not in models:
                continue
            if relation.many_to_many:
                shape = "}o--o{"
            elif relation.one_to_one:
                shape = ("|o" if relation.null else "||") + "--o|"
            else:
                shape = ("|o" if relation.null else "||") + "--o{"
            relations.append(f'    {target.__name__} {shape} {model.__name__} : "{relation.name}"')
    return "\n".join(lines + relations) + "\n"


def document_erd(text: str) -> str:
    """The diagram currently written between the markers of the document."""
    match = re.search(re.escape(BEGIN) + r"\n```mermaid\n(.*?)```\n" + re.escape(END), text, re.S)
    return match.group(1) if match else ""


def write_erd() -> None:
    """Replaces the document's diagram with the one the models give."""
    text = DOC.read_text()
    block = f"{BEGIN}\n```mermaid\n{mermaid_erd()}```\n{END}"
    pattern = re.escape(BEGIN) + r".*?" + re.escape(END)
    DOC.write_text(re.sub(pattern, lambda _: block, text, flags=re.S))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    write_erd()

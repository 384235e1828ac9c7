"""Where the top-level ``resources/`` folder (catalogue, regions, translations, fonts) lives."""

from __future__ import annotations

import os
from pathlib import Path

RESOURCES_ENV = "INSPECTOR_APP_RESOURCES"


def resources_dir() -> Path:
    """The resources folder: ``$INSPECTOR_APP_RESOURCES`` or the one beside the package (source checkout)."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of one resource file, e.g. ``resource_path("catalogue", "catalogue.json")``."""
    return resources_dir().joinpath(*parts)

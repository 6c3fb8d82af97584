"""Serve the few files we use from the nhsuk-frontend npm package, not its whole source tree.

The package ships ~2,500 files (sources, maps, type declarations); collecting and compressing all of them
makes every `warp serve` slow. This finder exposes the compiled CSS and JS and the image assets only,
under the `nhsuk/` prefix, straight from node_modules (installed by `make setup`, never committed).
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage

PREFIX = "nhsuk"
FILES = ("nhsuk-frontend.min.css", "nhsuk-frontend.min.js")


def _root() -> Path:
    return settings.NODE_MODULES / "nhsuk-frontend" / "dist" / "nhsuk"


def _wanted() -> list[str]:
    root = _root()
    paths = [name for name in FILES if (root / name).is_file()]
    assets = root / "assets"
    if assets.is_dir():
        paths += sorted(str(p.relative_to(root)) for p in assets.rglob("*") if p.is_file())
    return paths


class NhsukFrontendFinder(BaseFinder):
    def check(self, **kwargs):
        if not (_root() / FILES[0]).is_file():
            return [
                Error(
                    f"The NHS.UK frontend styles are missing from {_root()}.",
                    hint="Run `make setup` (it runs `npm ci`), or set WARP_NODE_MODULES.",
                    id="warp.E001",
                )
            ]
        return []

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        if not path.startswith(PREFIX + "/"):
            return [] if find_all else None
        relative = path[len(PREFIX) + 1 :]
        if relative not in _wanted():
            return [] if find_all else None
        match = str(_root() / relative)
        return [match] if find_all else match

    def list(self, ignore_patterns):
        storage = FileSystemStorage(location=str(_root()))
        storage.prefix = PREFIX  # type: ignore[attr-defined]
        for relative in _wanted():
            yield relative, storage

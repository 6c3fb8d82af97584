"""The floors hold: every module in warp/ imports only from its own app or from apps on lower floors.

Read from the source (ast), so an import inside a function, under `if TYPE_CHECKING:` or through
`import_module("warp.x...")` / `import_string("warp.x...")` with a written name counts as much as one at
the top of a file. Two apps on one floor may not import each other at all: that is the "circle" a floor
would otherwise allow. The floors (the design's architecture.md, with `core` under everything and
`audit` under `accounts`, which records its own changes in the audit log):
"""

import ast
from pathlib import Path

import warp

WARP = Path(warp.__file__).resolve().parent

FLOORS = {
    "core": 0,  # shared helpers: forms, kept reports, safe exports, import machinery, the menu's pieces
    "audit": 1,
    "accounts": 2,
    "prospectus": 3,
    "teams": 3,
    "impact": 3,  # the impact log and co-production workshops: only accounts and core below it
    # Above the prospectus: the student list filters by the terms and courses students have places on.
    "students": 4,
    "outreach": 4,  # workshops and activities on wards and teams: above teams, beside students
    "bookings": 5,
    "programmes": 5,  # peer workforce, mentoring, the staff network, awards: teams, and a nominee who is a student
    "feedback": 6,
    "service_use": 6,
    "measures": 6,  # outcome questionnaires beside feedback; uses students, prospectus and bookings
    "evaluation": 7,
    "privacy": 7,
    "network": 8,  # reads the evaluation report's suppressed form; the demo and the command line use it
    "quotes": 7,  # the quote library reads every source (feedback, students, impact); nothing imports it
    # Above every app: settings (from env), the site's own pages and URLs, the demo, then the command line.
    "env": 8,
    "importers": 8,  # every import's importer and columns: the command line and the templates page
    "api": 8,  # the read-only API: reads every app's queries and access rules; only urls and cli import it
    # The partnership report: reads every app's computation, the network's fidelity ratings included; the
    # demo, the URLs and the command line use it.
    "partnership": 9,
    "settings": 9,
    "pages": 9,
    "demo": 10,
    "urls": 11,
    "wsgi": 12,
    "cli": 12,
    "__init__": 12,
}

# Imports that go up a floor or across one and genuinely cannot move, each with its reason. Empty: keep
# it so, or say here why a line cannot move.
ALLOWED: set[tuple[str, str]] = set()

DYNAMIC_LOADERS = {"import_module", "import_string"}


def _app_of(path: Path) -> str:
    parts = path.relative_to(WARP).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imported(path: Path) -> list[tuple[str, int]]:
    """Every warp module a file names in an import, with its line."""
    package = ("warp", *path.relative_to(WARP).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ("warp", *path.relative_to(WARP).parts[:-1])
    names: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join((*base, *([node.module] if node.module else [])))
            else:
                module = node.module or ""
            if module == "warp":  # from warp import audit
                names += [(f"warp.{alias.name}", node.lineno) for alias in node.names]
            else:
                names.append((module, node.lineno))
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in DYNAMIC_LOADERS and node.args and isinstance(node.args[0], ast.Constant):
                names.append((str(node.args[0].value), node.lineno))
    return [(name, line) for name, line in names if name.startswith("warp.")]


def _violations(root: Path = WARP) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        app = _app_of(path)
        for module, line in _imported(path):
            target = module.split(".")[1]
            if target == app or (app, target) in ALLOWED:
                continue
            where = f"{path.relative_to(WARP.parent)}:{line} imports {module}"
            if app not in FLOORS or target not in FLOORS:
                found.append(f"{where}: give {app if app not in FLOORS else target} a floor in FLOORS")
            elif FLOORS[target] >= FLOORS[app]:
                relation = "a floor above it" if FLOORS[target] > FLOORS[app] else "its own floor"
                found.append(
                    f"{where}: {target} is on {relation} ({app} {FLOORS[app]}, {target} {FLOORS[target]})"
                )
    return found


def test_no_module_imports_up_a_floor_or_across_its_own():
    assert _violations() == []


def test_the_floor_check_sees_an_upward_import_a_lazy_one_and_one_by_name(tmp_path, monkeypatch):
    root = tmp_path / "warp"
    (root / "students").mkdir(parents=True)
    (root / "students" / "views.py").write_text("def view():\n    from warp.bookings import services\n")
    (root / "prospectus").mkdir()
    (root / "prospectus" / "models.py").write_text("from warp import students\n")
    (root / "core").mkdir()
    (root / "core" / "imports.py").write_text('IMPORTERS = [import_string("warp.feedback.imports.f")]\n')
    (root / "bookings").mkdir()
    (root / "bookings" / "models.py").write_text("from warp.prospectus.models import Term\nfrom . import x\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["WARP"]), "WARP", root)
    found = _violations(root)
    assert [line.split(" imports ")[1].split(":")[0] for line in found] == [
        "warp.feedback.imports.f",
        "warp.students",
        "warp.bookings",
    ]

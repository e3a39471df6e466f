"""The shape of the code: imports point one way, each job has its room, files stay readable.

Read from the source with ``ast`` (nothing is imported), so a new module is checked the day
it is written. See docs/architecture.md for the rules these encode.
"""

import ast
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

# An app may import only the apps below it: achievements -> progress -> learning -> accounts.
# core holds cross-app helpers and imports none of them; demo sits above everything.
LAYERS = ["core", "accounts", "learning", "progress", "achievements", "demo"]
ALLOWED = {
    "core": set(),
    "accounts": {"core"},
    "learning": {"core", "accounts"},
    "progress": {"core", "accounts", "learning"},
    "achievements": {"core", "accounts", "learning", "progress"},
    "demo": {"core", "accounts", "learning", "progress", "achievements"},
}
# What may sit directly under progress/: the app's wiring. Everything else is in a room.
PROGRESS_WIRING = {"__init__", "apps", "models", "admin", "signals", "tasks", "urls"}
PROGRESS_ROOMS = {"practice", "mastery", "metrics", "assignments", "plans", "reports", "interop"}


def _modules(app: str) -> list[Path]:
    return sorted(
        path
        for path in (PROJECT_ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    )


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_imports_point_one_way(app):
    wrong = {
        str(path.relative_to(PROJECT_ROOT)): sorted(_imported_apps(path) - ALLOWED[app] - {app})
        for path in _modules(app)
    }
    wrong = {path: apps for path, apps in wrong.items() if apps}
    assert not wrong, f"{app} may import only {sorted(ALLOWED[app])}; these do not: {wrong}"


def test_no_app_looks_up_another_apps_models_by_name():
    offenders = []
    for app in LAYERS:
        for path in _modules(app):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "get_model"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and node.args[0].value in set(LAYERS) - {app}
                ):
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
    assert not offenders, f"string look-ups of other apps' models: {offenders}"


def test_progress_has_only_its_wiring_and_its_rooms_at_the_top():
    top = PROJECT_ROOT / "progress"
    modules = {p.stem for p in top.glob("*.py")}
    packages = {p.name for p in top.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert modules <= PROGRESS_WIRING, f"modules outside a room: {modules - PROGRESS_WIRING}"
    assert packages - {"migrations", "management", "templatetags"} == PROGRESS_ROOMS


def test_nothing_in_learning_seeds_learner_data():
    for path in _modules("learning"):
        source = path.read_text(encoding="utf-8")
        assert "attempts_simulate" not in source and "seed_demo" not in path.name, path

"""One way to ask "may this person do this to this object" (orgunits.permissions): every action the
code asks about has a rule, no page or service asks the old helpers, and the rules agree with the
buttons the task page shows."""

import ast
from pathlib import Path

import pytest

from rectify.audit import codes
from rectify.ledger.lifecycle import TaskAction, TaskState
from rectify.ledger.selectors import task_actions_for_user
from rectify.orgunits.permissions import may, registered_actions

ROOT = Path(__file__).resolve().parents[2]


def _actions(node: ast.expr, where: str) -> set[str]:
    """The action codes an argument can be: a literal, an audit.codes constant, a task action's code,
    or either branch of a conditional."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "codes":
        return {getattr(codes, node.attr)}
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "ledger_task_action":
        return {codes.ledger_task_action(action) for action in codes.LEDGER_TASK_ACTIONS}
    if isinstance(node, ast.IfExp):
        return _actions(node.body, where) | _actions(node.orelse, where)
    if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
        return {node.values[0].value + "*"}  # f"rounds.submission.{action}": some rule under the prefix
    raise AssertionError(f"{where}: the action is not written so that it can be checked: {ast.unparse(node)}")


def asked_actions() -> dict[str, list[str]]:
    """Every action code passed to may()/require() in rectify/, with where."""
    asked: dict[str, list[str]] = {}
    for path in sorted((ROOT / "rectify").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in {"may", "require"}:
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                assert len(node.args) >= 2, f"{where}: may/require(user, action, obj)"
                for action in _actions(node.args[1], where):
                    asked.setdefault(action, []).append(where)
    return asked


def test_every_action_asked_has_a_rule():
    asked = asked_actions()
    assert len(asked) > 20  # the ledger's, the import's and the report's
    registered = registered_actions()

    def answered(action):
        if action.endswith("*"):
            return any(r.startswith(action[:-1]) for r in registered)
        return action in registered

    missing = {action: where for action, where in asked.items() if not answered(action)}
    assert missing == {}


def test_every_action_is_named_like_an_audit_code():
    assert [a for a in registered_actions() if not codes.CODE_PATTERN.match(a)] == []


def test_no_page_or_service_asks_the_old_helpers():
    old = ("require_office(", "require_progress_reporter(", "relations_to_task(", ".manages(")
    allowed = {"rectify/ledger/selectors.py", "rectify/orgunits/scope.py"}  # and the rules' own modules
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "rectify").rglob("*.py"))
        if str(path.relative_to(ROOT)) not in allowed and path.name not in {"rules.py", "permissions.py"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(helper in line for helper in old) and not line.lstrip().startswith("def ")
    ]
    assert found == []


@pytest.mark.parametrize("who", ["office", "leader", "other_leader", "liaison", "other_liaison", "observer"])
def test_the_lifecycle_rules_answer_as_the_task_page_offers(world, who):
    user = getattr(world, who)
    for task in (world.task_a, world.task_b, world.task_c):
        for state in TaskState:
            task.state = state  # not saved: the rules read the task as given
            offered = set(task_actions_for_user(user, task))
            allowed = {a for a in TaskAction if may(user, codes.ledger_task_action(a.value), task)}
            assert allowed == offered, (who, task.number, state)

"""One way to ask "may this person do this to this object" (权限判断), for views and services alike.

    may(user, "rounds.submission.submit", submission)      -> bool
    require(user, "rounds.submission.submit", submission)  raises PermissionDenied (Chinese message)

The rules live with the apps that own the objects (a unit tree cannot know what a task or a submission
is): each app registers, in its AppConfig.ready(), one plain function per action code

    register("rounds.submission.submit", submission_may_submit)

taking (user, obj) and returning True, or a reason (a Chinese sentence) why not. Action codes are the
audit codes of the services that perform them (`<app>.<entity>.<verb>`). Rules build on `scope_for`
(what a user's roles reach). An action nobody registered is refused: a missing rule never opens a door.

Who may *see* an object is the selectors' question (a user who may not see it gets 404 before any
rule is asked); this module answers what a user who sees it may do.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied

Rule = Callable[[object, object], "bool | str"]

_RULES: dict[str, Rule] = {}


def register(action: str, rule: Rule) -> None:
    """Make `rule(user, obj)` the answer for `action` (once: a second registration is a mistake)."""
    if action in _RULES and _RULES[action] is not rule:
        raise ValueError(f"a rule for {action} is already registered")
    _RULES[action] = rule


def _answer(user, action: str, obj) -> "bool | str":
    rule = _RULES.get(action)
    if rule is None:
        return f"未定义的操作：{action}"
    if user is None or not user.is_authenticated or not user.is_active:
        return "请先登录"
    return rule(user, obj)


def may(user, action: str, obj) -> bool:
    """Whether `user` may perform `action` on `obj`."""
    return _answer(user, action, obj) is True


def require(user, action: str, obj) -> None:
    """Raise PermissionDenied, with the rule's reason, unless `user` may perform `action` on `obj`."""
    answer = _answer(user, action, obj)
    if answer is not True:
        raise PermissionDenied(answer if isinstance(answer, str) and answer else "您无权执行该操作")


def registered_actions() -> list[str]:
    """Every action with a rule (for the permission-matrix tests)."""
    return sorted(_RULES)

"""The task page's dispatch rounds: the ledger's template asks the rounds app (which sits above the
ledger) through this tag, so the ledger's code imports nothing of rounds."""

from django import template

from rectify.rounds.models import LineRole
from rectify.rounds.selectors import task_round_lines

register = template.Library()


@register.inclusion_tag("rounds/_task_rounds.html", takes_context=True)
def task_rounds(context, task):
    """The task's line in every round the user may see, newest first; in each, the lead unit's line
    before the cooperating units'."""
    items = task_round_lines(task, context["request"].user)
    for item in items:
        item.lines.sort(key=lambda line: line.role != LineRole.LEAD)
    return {"items": items}

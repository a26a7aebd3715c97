from django import template

from rectify.audit.display import describe_changes

register = template.Library()


@register.filter
def changes_shown(event):
    """{% for label, before, after in event|changes_shown %}"""
    return describe_changes(event)

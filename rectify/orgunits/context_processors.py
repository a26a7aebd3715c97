from rectify.orgunits.scope import scope_for


def roles(request):
    """What the navigation needs to know of the user's roles."""
    scope = scope_for(getattr(request, "user", None))
    return {"runs_office": bool(scope.office_paths) or scope.is_admin}

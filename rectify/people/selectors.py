"""Scoped reads of people and roles: what an office sees is its own area (a person or role outside it is a 404)."""

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from rectify.orgunits.models import Role, RoleAssignment
from rectify.people.area import area_paths, paths_q


def assignments_in_area(actor) -> QuerySet[RoleAssignment]:
    """The role assignments on units of the actor's area (系统管理员 only for an administrator)."""
    paths = area_paths(actor)
    assignments = RoleAssignment.objects.filter(paths_q(paths, "unit__path"))
    return assignments if paths is None else assignments.exclude(role=Role.ADMIN)


def people_in_area(actor, query: str = "") -> QuerySet:
    """The people holding a role in the actor's area (an administrator: everyone), with those roles."""
    paths = area_paths(actor)
    people = get_user_model().objects.all()
    if paths is not None:
        people = people.filter(pk__in=assignments_in_area(actor).values("user_id"))
    if query:
        people = people.filter(
            Q(full_name__icontains=query)
            | Q(username__icontains=query)
            | Q(phone__icontains=query)
            | Q(title__icontains=query)
        )
    held = assignments_in_area(actor).select_related("unit").order_by("unit__path", "role")
    return people.prefetch_related(
        Prefetch("role_assignments", queryset=held, to_attr="roles_in_area")
    ).order_by("full_name", "username")


def person_in_area(actor, pk) -> object:
    """One person of the area, or 404."""
    return get_object_or_404(people_in_area(actor), pk=pk)


def assignment_in_area(actor, pk) -> RoleAssignment:
    """One role assignment of the area, or 404."""
    return get_object_or_404(assignments_in_area(actor).select_related("user", "unit"), pk=pk)

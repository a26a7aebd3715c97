"""What the rounds page tests share: a round opened on the test world, and logged-in clients."""

from datetime import date

from django.test import Client

from rectify.rounds import services
from rectify.rounds.models import Submission


def open_round(w, period="2023年10月", due_on=date(2099, 1, 1)):
    return services.round_open(
        actor=w.office, inspection=w.inspection, period=period, as_of=date(2023, 10, 31), due_on=due_on
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def submission_of(dispatch_round, unit) -> Submission:
    return Submission.objects.get(round=dispatch_round, unit=unit)

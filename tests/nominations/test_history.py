"""The application's history is append-only: rows are added, never changed or removed."""

import pytest
from django.core.exceptions import PermissionDenied

from nominations.models import ApplicationEvent, Status
from nominations.workflow import Action, perform

pytestmark = pytest.mark.django_db


def test_every_step_appends_who_when_from_to_and_opinion(application, people):
    perform(application, people["provider"], Action.SUBMIT)
    perform(application, people["district"], Action.RETURN, "请补充购买主体推荐意见")
    steps = list(application.events.values_list("actor", "from_status", "to_status", "opinion"))
    assert steps == [
        (people["provider"].pk, Status.SAVED, Status.SUBMITTED, ""),
        (
            people["district"].pk,
            Status.SUBMITTED,
            Status.DISTRICT_RETURNED,
            "请补充购买主体推荐意见",
        ),
    ]
    assert all(event.created_at for event in application.events.all())


def test_a_history_row_cannot_be_changed(application, people):
    perform(application, people["provider"], Action.SUBMIT)
    event = application.events.get()
    event.opinion = "改写"
    with pytest.raises(PermissionDenied):
        event.save()
    assert ApplicationEvent.objects.get(pk=event.pk).opinion == ""


def test_a_history_row_cannot_be_deleted(application, people):
    perform(application, people["provider"], Action.SUBMIT)
    event = application.events.get()
    with pytest.raises(PermissionDenied):
        event.delete()
    assert ApplicationEvent.objects.filter(pk=event.pk).exists()

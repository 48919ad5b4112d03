"""The status machine, checked exhaustively against the process of `000` attachment 4.

Every status × every action × every party, for district- and city-registered
providers: the allowed moves land in the expected status with one log entry;
everything else is refused with a message and changes nothing. The round is in
its first-review and re-review windows (RoundFactory: windows around today), and
each city-approved application has a scored expert review, so the re-review
decision's requirement holds; the refusals of each requirement are in
test_guards.py.
"""

import pytest
from django.db import transaction
from wagtail.models import ModelLogEntry

from accounts.roles import Role
from nominations.factories import ApplicationFactory
from nominations.models import Application, ExpertReview, Status
from nominations.workflow import Action, TransitionRefused, perform

pytestmark = pytest.mark.django_db

S = Status
DELETED = "deleted"

# Written from the seed, not from the code: (registration, status, action, party) -> outcome.
# "provider" is the applying organization, "district" its district bureau, "city" the city bureau.
EXPECTED = {
    # District-registered provider.
    ("district", S.SAVED, Action.EDIT, "provider"): S.SAVED,
    ("district", S.SAVED, Action.DELETE, "provider"): DELETED,
    ("district", S.SAVED, Action.SUBMIT, "provider"): S.SUBMITTED,
    ("district", S.DISTRICT_RETURNED, Action.EDIT, "provider"): S.DISTRICT_RETURNED,
    ("district", S.DISTRICT_RETURNED, Action.SUBMIT, "provider"): S.SUBMITTED,
    ("district", S.SUBMITTED, Action.APPROVE, "district"): S.DISTRICT_APPROVED,
    ("district", S.SUBMITTED, Action.RETURN, "district"): S.DISTRICT_RETURNED,
    ("district", S.SUBMITTED, Action.REFUSE, "district"): S.REFUSED,
    ("district", S.CITY_RETURNED, Action.APPROVE, "district"): S.DISTRICT_APPROVED,
    ("district", S.CITY_RETURNED, Action.RETURN, "district"): S.DISTRICT_RETURNED,
    ("district", S.CITY_RETURNED, Action.REFUSE, "district"): S.REFUSED,
    ("district", S.DISTRICT_APPROVED, Action.APPROVE, "city"): S.CITY_APPROVED,
    ("district", S.DISTRICT_APPROVED, Action.RETURN, "city"): S.CITY_RETURNED,
    ("district", S.DISTRICT_APPROVED, Action.REFUSE, "city"): S.REFUSED,
    ("district", S.CITY_APPROVED, Action.ASSIGN_EXPERT, "monitor"): S.CITY_APPROVED,
    ("district", S.CITY_APPROVED, Action.PASS_REREVIEW, "city"): S.CITY_APPROVED,
    ("district", S.CITY_APPROVED, Action.FAIL_REREVIEW, "city"): S.CITY_APPROVED,
    # City-registered provider: the city is its registration authority.
    ("city", S.SAVED, Action.EDIT, "provider"): S.SAVED,
    ("city", S.SAVED, Action.DELETE, "provider"): DELETED,
    ("city", S.SAVED, Action.SUBMIT, "provider"): S.SUBMITTED,
    ("city", S.CITY_RETURNED, Action.EDIT, "provider"): S.CITY_RETURNED,
    ("city", S.CITY_RETURNED, Action.SUBMIT, "provider"): S.SUBMITTED,
    ("city", S.SUBMITTED, Action.APPROVE, "city"): S.CITY_APPROVED,
    ("city", S.SUBMITTED, Action.RETURN, "city"): S.CITY_RETURNED,
    ("city", S.SUBMITTED, Action.REFUSE, "city"): S.REFUSED,
    ("city", S.CITY_APPROVED, Action.ASSIGN_EXPERT, "monitor"): S.CITY_APPROVED,
    ("city", S.CITY_APPROVED, Action.PASS_REREVIEW, "city"): S.CITY_APPROVED,
    ("city", S.CITY_APPROVED, Action.FAIL_REREVIEW, "city"): S.CITY_APPROVED,
}
# The city closes an undecided application only after the first-review deadline
# (test_guards.py), so within the windows Action.CLOSE is refused to everyone.

PARTIES = [
    "provider",
    "other_provider",
    "district",
    "other_district",
    "city",
    "monitor",
    "expert",
    "purchaser",
]


def logged(pk) -> int:
    return ModelLogEntry.objects.filter(
        object_id=str(pk), action__startswith="nominations."
    ).count()


def user_for(people, party, registration):
    if party == "provider" and registration == "city":
        return people["city_provider"]
    return people[party]


@pytest.mark.parametrize("registration", ["district", "city"])
@pytest.mark.parametrize("party", PARTIES)
def test_every_status_action_and_party(
    registration, party, people, round_, provider, city_provider, user_with_role, subtests
):
    """One subtest per (status, action): each case passes or fails on its own, and the
    party's people and round are built once for its 80-odd cases."""
    scorer, new_expert = user_with_role(Role.EXPERT), people["expert"]

    owner = provider if registration == "district" else city_provider
    user = user_for(people, party, registration)
    checked = 0
    for status in Status.values:
        application = ApplicationFactory(round=round_, provider=owner, status=status)
        pk = application.pk
        if status == S.CITY_APPROVED:
            ExpertReview.objects.create(application=application, expert=scorer, score=85)
        for action in Action.ALL:
            with subtests.test(
                registration=registration, status=status, action=action, party=party
            ):
                application.pk, application.status = pk, status
                expected = EXPECTED.get((registration, status, action, party))
                events_before = logged(pk)
                with transaction.atomic():
                    try:
                        perform(application, user, action, opinion="同意推荐", expert=new_expert)
                        outcome = (
                            DELETED
                            if not Application.objects.filter(pk=pk).exists()
                            else Application.objects.get(pk=pk).status
                        )
                        events_after = logged(pk)
                    except TransitionRefused as refusal:
                        outcome = None
                        assert refusal.messages[0], "a refusal always says why"
                        assert Application.objects.get(pk=pk).status == status
                        events_after = logged(pk)
                    transaction.set_rollback(True)
                assert outcome == expected, (registration, status, action, party, outcome)
                if expected is not None:  # a deletion is logged too: the History keeps it
                    assert events_after == events_before + 1
                else:
                    assert events_after == events_before
                checked += 1
    assert checked == len(Status.values) * len(Action.ALL)


def test_every_transition_of_the_table_is_in_the_expected_process():
    from nominations.workflow import TRANSITIONS

    for t in TRANSITIONS:
        if t.source is None or t.action == Action.CLOSE:
            continue  # creation and carry-over: test_applications/test_publication; close: guards
        for registration in t.registration:
            party = {"centre": "monitor"}.get(t.actor, t.actor)
            expected = EXPECTED[(registration, t.source, t.action, party)]
            assert expected == (t.target or DELETED)

"""Helpers of the nomination tests: an application's history as its log entries say it."""

from nominations.workflow import history


def steps(application):
    """[(user id, from, to, opinion, action)] of every logged step, oldest first."""
    return [
        (
            entry.user_id,
            entry.data.get("from", ""),
            entry.data.get("to", ""),
            entry.data.get("opinion", ""),
            entry.data.get("action", ""),
        )
        for entry in history(application)
    ]


def scored(application, score=85):
    """A scored expert review, so the city may decide the re-review."""
    from accounts.roles import Role
    from catalog.factories import make_user
    from nominations.models import ExpertReview

    ExpertReview.objects.create(
        application=application, expert=make_user(Role.EXPERT), score=score, comment="评审意见"
    )
    return application

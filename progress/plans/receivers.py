"""Study plans follow practice: a completed session re-plans (connected in ProgressConfig)."""

from progress.plans import services as plan_services


def replan_after_session(sender, *, session, **kwargs) -> None:
    plan_services.plan_replan(learner=session.learner, now=session.ended_at or session.started_at)

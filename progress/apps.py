from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"

    def ready(self) -> None:
        from accounts.guests import guest_activity_register
        from accounts.signals import guest_claimed
        from learning import versioning
        from progress import signals
        from progress.interop.lrs import outbox as lrs_outbox
        from progress.models import MasteryParameters
        from progress.plans import receivers as plan_receivers
        from progress.practice import merge as guest_merge

        # The answer path caches a question with its concept's fitted parameters under the
        # content version: refitting them is a content change for that purpose.
        versioning.expire_on_change(MasteryParameters)

        signals.session_completed.connect(
            plan_receivers.replan_after_session, dispatch_uid="progress.plan_replan"
        )
        guest_claimed.connect(guest_merge.on_guest_claimed, dispatch_uid="progress.guest_merge")
        guest_activity_register(guest_merge.guest_answer_count)
        # LRS forwarding: statements queued in the transaction of what they record.
        signals.attempt_recorded.connect(
            lrs_outbox.on_attempt_recorded, dispatch_uid="progress.lrs_attempt"
        )
        signals.session_completed.connect(
            lrs_outbox.on_session_completed, dispatch_uid="progress.lrs_session"
        )
        signals.learner_merged.connect(
            lrs_outbox.on_learner_merged, dispatch_uid="progress.lrs_merge"
        )

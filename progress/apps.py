from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"

    def ready(self) -> None:
        from accounts.signals import guest_claimed
        from progress import guest_merge, plan_receivers, signals

        signals.session_completed.connect(
            plan_receivers.replan_after_session, dispatch_uid="progress.plan_replan"
        )
        guest_claimed.connect(guest_merge.on_guest_claimed, dispatch_uid="progress.guest_merge")

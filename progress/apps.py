from django.apps import AppConfig


class ProgressConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "progress"

    def ready(self) -> None:
        from progress import plan_receivers, signals

        signals.session_completed.connect(
            plan_receivers.replan_after_session, dispatch_uid="progress.plan_replan"
        )

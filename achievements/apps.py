from django.apps import AppConfig


class AchievementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "achievements"
    verbose_name = "Achievements"

    def ready(self) -> None:
        from achievements import exports, guest_merge, receivers
        from achievements.credentials import checks  # noqa: F401 - registers the checks
        from achievements.selectors import unseen_badges_versions
        from progress import signals
        from progress.interop.exports.tables import learner_tables_register
        from progress.reports.sql import dashboard_versions_register

        learner_tables_register(exports.learner_tables)
        dashboard_versions_register(unseen_badges_versions)

        signals.attempt_recorded.connect(
            receivers.on_attempt_recorded, dispatch_uid="achievements.attempt_recorded"
        )
        signals.session_completed.connect(
            receivers.on_session_completed, dispatch_uid="achievements.session_completed"
        )
        signals.concept_mastered.connect(
            receivers.on_concept_mastered, dispatch_uid="achievements.concept_mastered"
        )
        signals.learner_merged.connect(
            guest_merge.on_learner_merged, dispatch_uid="achievements.learner_merged"
        )

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"

    def ready(self) -> None:
        from learning import versioning
        from learning.models import Choice, Concept, Question, Subject, Topic
        from learning.permissions import content_editors_group_on_post_migrate

        # The curriculum's shape changed: process-local caches keyed by its version expire.
        # Choices too: the answer path caches a question with its choices.
        versioning.expire_on_change(Subject, Topic, Concept, Question, Choice)

        post_migrate.connect(
            content_editors_group_on_post_migrate,
            sender=self,
            dispatch_uid="learning.content_editors_group",
        )

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LearningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"

    def ready(self) -> None:
        from learning.permissions import content_editors_group_on_post_migrate

        post_migrate.connect(
            content_editors_group_on_post_migrate,
            sender=self,
            dispatch_uid="learning.content_editors_group",
        )

"""The "Content editors" group: the staff who author curriculum in the admin.

Its permissions cover the curriculum models only (add/change/delete/view on each),
never accounts or auth, so a teacher in the group can write questions but cannot
see learners' accounts or grant themselves more rights. The group is defined here,
in code: ``content_editors_group_ensure`` makes the database match (idempotent) and
runs after every ``migrate``.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS, transaction

CONTENT_EDITORS_GROUP = "Content editors"

CURRICULUM_MODELS = (
    "subject",
    "topic",
    "topicprerequisite",
    "concept",
    "conceptprerequisite",
    "question",
    "choice",
    "activity",
    "activityquestion",
)
ACTIONS = ("add", "change", "delete", "view")


def content_editors_permissions(*, using: str = DEFAULT_DB_ALIAS) -> list[Permission]:
    """The permissions the group should hold, creating any that are missing."""
    create_permissions(global_apps.get_app_config("learning"), verbosity=0, using=using)
    codenames = [f"{action}_{model}" for model in CURRICULUM_MODELS for action in ACTIONS]
    permissions = list(
        Permission.objects.using(using).filter(
            content_type__app_label="learning",
            content_type__model__in=CURRICULUM_MODELS,
            codename__in=codenames,
        )
    )
    if len(permissions) != len(codenames):
        missing = sorted(set(codenames) - {p.codename for p in permissions})
        raise RuntimeError(f"Curriculum permissions are missing: {', '.join(missing)}.")
    return permissions


def content_editors_group_ensure(*, using: str = DEFAULT_DB_ALIAS) -> Group:
    """Create the group if needed and give it exactly the curriculum permissions."""
    with transaction.atomic(using=using):
        permissions = content_editors_permissions(using=using)
        group, _ = Group.objects.using(using).get_or_create(name=CONTENT_EDITORS_GROUP)
        group.permissions.set(permissions)
    return group


def content_editors_group_on_post_migrate(
    sender, *, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs
) -> None:
    """post_migrate receiver (connected in LearningConfig.ready); ``flush`` sends no apps."""
    try:  # skip a partial migrate that leaves the curriculum or auth tables absent
        apps.get_model("learning", "Question")
        apps.get_model("auth", "Group")
    except LookupError:
        return
    content_editors_group_ensure(using=using)


def content_editor_add(*, user) -> None:
    """Make ``user`` (staff) a content editor; a no-op when they already are."""
    if not user.is_staff:
        raise ValueError("Only staff can author content in the admin.")
    user.groups.add(content_editors_group_ensure())

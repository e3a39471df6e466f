from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and simulated learners: above every app it seeds, writing through their
    services. It has no tables of its own."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Demo data"

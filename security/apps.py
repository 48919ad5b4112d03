from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): these modules import models, which exist once the registry is ready.
        from .spreadsheets import patch_wagtail_exports

        patch_wagtail_exports()

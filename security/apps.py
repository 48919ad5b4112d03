from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "安全"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported in ready(): these modules import models, which exist once the registry is ready.
        from django.db.models.signals import post_save

        from accounts.models import Account

        from . import audit  # noqa: F401 - its sign-in receivers
        from .spreadsheets import patch_wagtail_exports

        patch_wagtail_exports()
        audit.patch_permission_denied()
        audit.connect_change_tracking()
        post_save.connect(
            audit.record_account_change, sender=Account, dispatch_uid="security.audit.account"
        )

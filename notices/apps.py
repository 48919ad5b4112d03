from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate, post_save


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "公告与页面"

    def ready(self):
        from . import permissions

        # On the project app's post_migrate (the last app): by then every app's
        # permissions exist, also after a test flush.
        post_migrate.connect(
            permissions.on_post_migrate,
            sender=apps.get_app_config("gxpt"),
            dispatch_uid="notices-publishing",
        )
        post_save.connect(
            permissions.on_account_saved,
            sender="catalog.Account",
            dispatch_uid="notices-account-groups",
        )

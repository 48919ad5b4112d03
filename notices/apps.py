from django.apps import AppConfig
from django.db.models.signals import post_save


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "公告与页面"

    def ready(self):
        from gxpt.signals import site_ready

        from . import permissions

        # After the project app's post_migrate (the last app): every app's
        # permissions and the page tree exist, also after a test flush.
        site_ready.connect(permissions.on_site_ready, dispatch_uid="notices-publishing")
        post_save.connect(
            permissions.on_account_saved,
            sender="accounts.Account",
            dispatch_uid="notices-account-groups",
        )

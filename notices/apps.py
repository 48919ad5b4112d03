from django.apps import AppConfig
from django.db.models.signals import post_save


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "公告与页面"

    def ready(self):
        # Imported in ready(): permissions imports models, which exist once the registry is ready.
        from . import permissions

        # The publishing set-up after migrate is called by the project app
        # (gxpt), once every app's permissions and the page tree exist.
        post_save.connect(
            permissions.on_account_saved,
            sender="accounts.Account",
            dispatch_uid="notices-account-groups",
        )

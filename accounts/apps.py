"""The accounts app: roles, accounts, the scope helper, the user screens."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账号与角色"

    def ready(self):
        # Imported in ready(): these modules import models, which exist once the registry is ready.
        from django.contrib.auth import get_user_model

        from .scope import Scope, register

        # Users: a district admin sees the accounts of its district's organizations,
        # city-wide users everyone, every signed-in user itself. (Imported here:
        # the user model exists only once the registry is ready.)
        register(
            get_user_model(),
            Scope(
                district=("account__provider__district", "account__purchaser__district"),
                own="pk",
            ),
        )

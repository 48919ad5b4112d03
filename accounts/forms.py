"""The issuance form: a user is created (or edited) with its role and what it acts for.

City admins issue every role, district admins the providers and purchasers of
their district (roles.ISSUABLE_ROLES); the organizations offered are those in
the issuer's scope, so a district admin cannot pick another district's. Groups
follow from the role; only a superuser can make another superuser.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.users import forms as wagtail_forms

from .access import account_of
from .issuing import issuable_roles
from .models import Account
from .roles import Role
from .scope import scoped


def _related(field: str):
    """The model an Account field points to (catalog's), without importing catalog."""
    return Account._meta.get_field(field).related_model


class AccountFieldsMixin(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    provider = forms.ModelChoiceField(label=_("社会组织"), queryset=None, required=False)
    purchaser = forms.ModelChoiceField(label=_("购买主体"), queryset=None, required=False)
    district = forms.ModelChoiceField(
        label=_("区（区民政局管理员）"), queryset=None, required=False
    )

    def setup_account_fields(self, issuer):
        self.issuer = issuer
        roles = issuable_roles(issuer)
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if value in roles
        ]
        for name in ("provider", "purchaser"):
            self.fields[name].queryset = scoped(issuer, _related(name).objects.all())
        self.fields["district"].queryset = _related("district").objects.all()
        account = account_of(issuer)
        if account is not None and account.role == Role.DISTRICT_ADMIN:
            del self.fields["district"]
        # Groups follow from the role; only a superuser can make another one.
        self.fields.pop("groups", None)
        if not issuer.is_superuser:
            self.fields.pop("is_superuser", None)
        existing = getattr(self.instance, "account", None) if self.instance.pk else None
        if existing is not None:
            self.initial.setdefault("role", existing.role)
            self.initial.setdefault("provider", existing.provider_id)
            self.initial.setdefault("purchaser", existing.purchaser_id)
            self.initial.setdefault("district", existing.district_id)

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role:
            account = Account(
                role=role,
                provider=cleaned.get("provider"),
                purchaser=cleaned.get("purchaser"),
                district=cleaned.get("district"),
            )
            try:
                account.clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(field if field in self.fields else None, message)
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            account, _created = Account.objects.get_or_create(
                user=user, defaults={"role": self.cleaned_data["role"]}
            )
            account.role = self.cleaned_data["role"]
            account.provider = self.cleaned_data.get("provider")
            account.purchaser = self.cleaned_data.get("purchaser")
            account.district = self.cleaned_data.get("district")
            account.save()
        return user


class UserCreationForm(AccountFieldsMixin, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(AccountFieldsMixin, wagtail_forms.UserEditForm):
    pass

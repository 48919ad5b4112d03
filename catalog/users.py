"""Admin screens for user accounts, issued by city and district admins (no self sign-up).

Wagtail's user screens, extended: a user is created with its role and what it
acts for (an organization, a district), its group follows from the role, and a
district admin sees and issues only accounts of its own district's providers
and purchasers.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.users import forms as wagtail_forms
from wagtail.users.views import users as wagtail_views

from gxpt.roles import Role

from .access import account_of, is_city_wide
from .models import Account, District, Provider, Purchaser

User = get_user_model()


def issuable_roles(issuer) -> list[str]:
    if issuer.is_superuser or getattr(account_of(issuer), "role", None) == Role.CITY_ADMIN:
        return list(Role.values)
    if getattr(account_of(issuer), "role", None) == Role.DISTRICT_ADMIN:
        return [Role.PROVIDER, Role.PURCHASER]
    return []


def users_visible_to(issuer, queryset):
    if issuer.is_superuser or is_city_wide(issuer):
        return queryset
    account = account_of(issuer)
    if account is None or account.role != Role.DISTRICT_ADMIN:
        return queryset.filter(pk=issuer.pk)
    district = account.district_id
    return queryset.filter(
        Q(pk=issuer.pk)
        | Q(account__provider__district_id=district)
        | Q(account__purchaser__district_id=district)
    )


class AccountFieldsMixin(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    provider = forms.ModelChoiceField(
        label=_("社会组织"), queryset=Provider.objects.all(), required=False
    )
    purchaser = forms.ModelChoiceField(
        label=_("购买主体"), queryset=Purchaser.objects.all(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("区（区民政局管理员）"), queryset=District.objects.all(), required=False
    )

    def setup_account_fields(self, issuer):
        self.issuer = issuer
        roles = issuable_roles(issuer)
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if value in roles
        ]
        account = account_of(issuer)
        if account is not None and account.role == Role.DISTRICT_ADMIN:
            self.fields["provider"].queryset = Provider.objects.filter(
                district_id=account.district_id
            )
            self.fields["purchaser"].queryset = Purchaser.objects.filter(
                district_id=account.district_id
            )
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


class IssuerFormMixin:
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.setup_account_fields(self.request.user)
        return form


class IndexView(wagtail_views.IndexView):
    def get_base_queryset(self):
        return users_visible_to(self.request.user, super().get_base_queryset())


class CreateView(IssuerFormMixin, wagtail_views.CreateView):
    pass


class ScopedObjectMixin:
    """A user outside the issuer's scope is not found, rather than shown."""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        if not users_visible_to(self.request.user, User.objects.filter(pk=obj.pk)).exists():
            raise Http404
        return obj


class EditView(ScopedObjectMixin, IssuerFormMixin, wagtail_views.EditView):
    pass


class DeleteView(ScopedObjectMixin, wagtail_views.DeleteView):
    pass


class UserViewSet(wagtail_views.UserViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    delete_view_class = DeleteView

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm

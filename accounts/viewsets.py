"""Admin screens for user accounts, issued by city and district admins (no self sign-up).

Wagtail's user screens, extended: a user is created with its role and what it
acts for (forms.py), and an issuer sees only the users in its scope (the user
model's Scope, registered in apps.py): a district admin those of its own
district's providers and purchasers, city-wide users everyone, anyone else
itself.
"""

from django.contrib.auth import get_user_model
from django.http import Http404
from wagtail.users.views import users as wagtail_views

from .forms import UserCreationForm, UserEditForm
from .scope import scoped

User = get_user_model()


def users_visible_to(issuer, queryset):
    return scoped(issuer, queryset)


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

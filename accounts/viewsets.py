"""Admin screens for user accounts, issued by city and district admins (no self sign-up).

Wagtail's user screens, extended: a user is created with its role and what it acts
for (forms.py). Which users an issuer may list, open, edit, deactivate or delete is
one rule (issuing.py, the user model's permission policy), applied to every view the
viewset generates (scoped_views.ScopedViewSetMixin) and to Wagtail's user bulk
actions (bulk_actions.py): a user outside it is not found.
"""

from wagtail.users.views import users as wagtail_views

from .forms import UserCreationForm, UserEditForm
from .scoped_views import ScopedViewSetMixin


class IssuerFormMixin:
    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        form.setup_account_fields(self.request.user)
        return form


class CreateView(IssuerFormMixin, wagtail_views.CreateView):
    pass


class EditView(IssuerFormMixin, wagtail_views.EditView):
    pass


class UserViewSet(ScopedViewSetMixin, wagtail_views.UserViewSet):
    add_view_class = CreateView
    edit_view_class = EditView
    # A copy would start from another person's account (its role, what it acts for):
    # accounts are issued one by one through the issuance form.
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm

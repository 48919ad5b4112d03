"""Who may fetch a Wagtail document, in the admin's API and at /documents/<id>/<name>.

A document is public once a live, public page offers it (an attachment of a policy
or announcement, an item of the downloads page: `notices.api.published_documents`,
the same rule as the public API) or links to it from its body (Wagtail's reference
index). Anything else — a file uploaded for a draft, a district's working file — is
served only to admin users holding a permission on its collection (Wagtail's own
collection permissions: city admins on the root, each district's group on its
district's collection), and looks to everyone else as if it did not exist.
"""

from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from .api import published_documents

DOCUMENT_ACTIONS = ["add", "change", "choose", "delete"]


def documents_for(user):
    """The documents `user` may see in the admin (by collection permission)."""

    permission_policy = policy_registry.get_by_type(get_document_model())
    return permission_policy.instances_user_has_any_permission_for(user, DOCUMENT_ACTIONS)


def is_published(document) -> bool:
    model = get_document_model()
    if model.objects.filter(published_documents(), pk=document.pk).exists():
        return True
    page_ids = [
        int(ref.object_id)
        for ref in ReferenceIndex.get_references_to(document)
        if ref.object_id.isdigit() and issubclass(ref.content_type.model_class() or object, Page)
    ]
    return Page.objects.filter(pk__in=page_ids).live().public().exists()


def check_document_access(document, request):
    """`before_serve_document` hook: an unpublished document is not found for the public."""
    if is_published(document):
        return None
    user = request.user
    if user.is_authenticated and documents_for(user).filter(pk=document.pk).exists():
        return None
    raise Http404


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents, limited to the collections the user holds a permission on."""

    def get_queryset(self):
        return super().get_queryset().filter(pk__in=documents_for(self.request.user).values("pk"))

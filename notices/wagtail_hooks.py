"""Registrations of the notices app in Wagtail's admin: document access (document_access.py)."""

from wagtail import hooks

from .document_access import ScopedDocumentsAdminAPIViewSet, check_document_access

hooks.register("before_serve_document", check_document_access)


# After wagtail.documents' own registration (order 0), so this endpoint replaces it.
@hooks.register("construct_admin_api", order=100)
def register_scoped_documents_endpoint(router):
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)

"""Public URLs of the catalog app (included at the site root by gxpt.urls)."""

urlpatterns: list = []

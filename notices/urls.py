"""Public URLs of the notices app (included at the site root by gxpt.urls)."""

urlpatterns: list = []

"""Public URLs of the nominations app (included at the site root by gxpt.urls)."""

urlpatterns: list = []

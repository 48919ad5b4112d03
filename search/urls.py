"""Public URLs of the search app (included at the site root by gxpt.urls)."""

urlpatterns: list = []

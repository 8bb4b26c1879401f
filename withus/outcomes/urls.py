"""URLs for outcomes and evaluation. Included at the root by withus/urls.py, without a namespace."""

urlpatterns: list = []

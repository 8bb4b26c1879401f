"""URLs for open budgets. Included at the root by withus/urls.py, without a namespace."""

urlpatterns: list = []

"""URLs for integrated pathways. Included at the root by withus/urls.py, without a namespace."""

urlpatterns: list = []

"""URLs for social return on investment. Included at the root by withus/urls.py."""

urlpatterns: list = []

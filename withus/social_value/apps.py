from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialValueConfig(AppConfig):
    name = "withus.social_value"
    label = "social_value"
    verbose_name = _("Social return on investment")

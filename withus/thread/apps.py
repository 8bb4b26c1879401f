from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadConfig(AppConfig):
    name = "withus.thread"
    label = "thread"
    verbose_name = _("The golden thread")

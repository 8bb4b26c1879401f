from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenBudgetsConfig(AppConfig):
    name = "withus.open_budgets"
    label = "open_budgets"
    verbose_name = _("Open budgets")

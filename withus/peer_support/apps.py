from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerSupportConfig(AppConfig):
    name = "withus.peer_support"
    label = "peer_support"
    verbose_name = _("Peer support")

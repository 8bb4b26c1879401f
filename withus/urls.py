"""Every URL in withus. Each view declares who may see it (withus.core.access)."""

from django.contrib import admin
from django.urls import path

from withus.core import views as core
from withus.cycle import views as cycle

urlpatterns = [
    path("", core.home, name="home"),
    path("accessibility/", core.accessibility, name="accessibility"),
    path("sign-in/", core.login, name="login"),
    path("sign-out/", core.logout, name="logout"),
    path("password-reset/", core.password_reset, name="password_reset"),
    path("password-reset/sent/", core.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        core.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", core.password_reset_complete, name="password_reset_complete"),
    path("areas/", core.areas, name="areas"),
    path("areas/<slug:slug>/", core.area_dashboard, name="area"),
    path("areas/<slug:slug>/people/", core.area_people, name="area_people"),
    path("areas/<slug:slug>/projects/new/", cycle.project_new, name="project_new"),
    path("projects/<int:pk>/", cycle.project_detail, name="project"),
    path("projects/<int:pk>/edit/", cycle.project_edit, name="project_edit"),
    path("projects/<int:pk>/stage/", cycle.project_move, name="project_move"),
    path("projects/<int:pk>/involvement/new/", cycle.involvement_new, name="involvement_new"),
    path("involvement/<int:pk>/what-changed/", cycle.involvement_change, name="involvement_change"),
    path("my/involvement/", cycle.my_involvement, name="my_involvement"),
    path("admin/", admin.site.urls),
]

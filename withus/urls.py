"""Every URL in withus. Each view declares who may see it (withus.core.access)."""

from django.contrib import admin
from django.urls import path

from withus.core import views as core
from withus.cycle import views as cycle
from withus.insight import views as insight
from withus.pooling import views as pooling

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
    # Working Together for Change
    path("areas/<slug:slug>/insight/", insight.exercise_list, name="exercises"),
    path("areas/<slug:slug>/insight/new/", insight.exercise_new, name="exercise_new"),
    path("areas/<slug:slug>/what-happened/", insight.what_happened, name="what_happened"),
    path("insight/<int:pk>/", insight.exercise_detail, name="exercise"),
    path("insight/<int:pk>/phase/", insight.exercise_phase, name="exercise_phase"),
    path("insight/<int:pk>/statements/", insight.statement_list, name="statements"),
    path("insight/<int:pk>/statements/new/", insight.statement_new, name="statement_new"),
    path(
        "insight/<int:pk>/statements/import/", insight.statements_import, name="statements_import"
    ),
    path("insight/<int:pk>/statements/move/", insight.statements_move, name="statements_move"),
    path("insight/<int:pk>/themes/", insight.grouping, name="grouping"),
    path("insight/<int:pk>/themes/new/", insight.theme_new, name="theme_new"),
    path("insight/<int:pk>/suggestions/", insight.suggestions, name="suggestions"),
    path("insight/<int:pk>/vote/", insight.vote, name="vote"),
    path("insight/<int:pk>/room-votes/", insight.room_votes, name="room_votes"),
    path("insight/<int:pk>/results/", insight.results, name="results"),
    path("insight/<int:pk>/priorities/", insight.priorities, name="priorities"),
    path("insight/<int:pk>/tell-us/", insight.tell_us, name="tell_us"),
    path("insight/<int:pk>/tell-us/thanks/", insight.tell_us_thanks, name="tell_us_thanks"),
    path("statements/<int:pk>/check/", insight.statement_check, name="statement_check"),
    path("themes/<int:pk>/", insight.theme_detail, name="theme"),
    path("themes/<int:pk>/edit/", insight.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/merge/", insight.theme_merge, name="theme_merge"),
    path("priorities/<int:pk>/", insight.priority_edit, name="priority"),
    # Pooling personal budgets
    path("areas/<slug:slug>/pooling/me/", pooling.my_budget, name="my_budget"),
    path("areas/<slug:slug>/pooling/me/budget/", pooling.my_budget_edit, name="my_budget_edit"),
    path("areas/<slug:slug>/pooling/me/consent/", pooling.my_consent, name="my_consent"),
    path("areas/<slug:slug>/pooling/", pooling.facilitate, name="pooling_facilitate"),
    path("areas/<slug:slug>/pooling/groups/new/", pooling.group_new, name="pooling_group_new"),
    path(
        "areas/<slug:slug>/pooling/record-budget/",
        pooling.budget_on_behalf,
        name="pooling_budget_on_behalf",
    ),
    path("areas/<slug:slug>/pooling/summary/", pooling.summary, name="pooling_summary"),
    path("pooling/invitations/<int:pk>/", pooling.invitation, name="pooling_invitation"),
    path("pooling/groups/<int:pk>/", pooling.group, name="pooling_group"),
    path("pooling/groups/<int:pk>/pay-in/", pooling.group_contribution, name="pooling_pay_in"),
    path("pooling/groups/<int:pk>/cost/", pooling.group_cost, name="pooling_cost"),
    path("pooling/groups/<int:pk>/leave/", pooling.group_leave, name="pooling_leave"),
    path("pooling/groups/<int:pk>/statement/", pooling.statement, name="pooling_statement"),
    path("pooling/groups/<int:pk>/notes/", pooling.group_note, name="pooling_note"),
    path("pooling/groups/<int:pk>/outcomes/", pooling.group_outcome, name="pooling_outcome"),
    path("admin/", admin.site.urls),
]

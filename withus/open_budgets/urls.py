"""URLs for open budgets. Included at the root by withus/urls.py, without a namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("areas/<slug:slug>/open-budget/", views.open_budget, name="open_budget"),
    path("areas/<slug:slug>/open-budget.csv", views.open_budget_csv, name="open_budget_csv"),
    path("areas/<slug:slug>/open-budget.json", views.open_budget_json, name="open_budget_json"),
    path("areas/<slug:slug>/open-budget/manage/", views.manage, name="open_budget_manage"),
    path("areas/<slug:slug>/open-budget/lines/new/", views.line_new, name="open_budget_line_new"),
    path("areas/<slug:slug>/open-budget/import/", views.lines_import, name="open_budget_import"),
    path(
        "areas/<slug:slug>/open-budget/savings/new/",
        views.saving_new,
        name="open_budget_saving_new",
    ),
    path("open-budget/lines/<int:pk>/", views.line_edit, name="open_budget_line_edit"),
    path("open-budget/lines/<int:pk>/remove/", views.line_remove, name="open_budget_line_remove"),
    path("open-budget/years/<int:pk>/status/", views.year_status, name="open_budget_year_status"),
    path("open-budget/savings/<int:pk>/", views.saving_edit, name="open_budget_saving_edit"),
    path(
        "open-budget/savings/<int:pk>/remove/",
        views.saving_remove,
        name="open_budget_saving_remove",
    ),
]

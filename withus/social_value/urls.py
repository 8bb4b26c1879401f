"""URLs for social return on investment. Included at the root by withus/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("areas/<slug:slug>/social-value/", views.analysis_list, name="sroi_list"),
    path("areas/<slug:slug>/social-value/new/", views.analysis_new, name="sroi_new"),
    path("social-value/<int:pk>/", views.analysis, name="sroi_analysis"),
    path("social-value/<int:pk>/edit/", views.analysis_edit, name="sroi_edit"),
    path("social-value/<int:pk>/publish/", views.analysis_publish, name="sroi_publish"),
    path("social-value/<int:pk>/copy/", views.analysis_copy, name="sroi_copy"),
    path("social-value/<int:pk>/inputs/new/", views.input_new, name="sroi_input_new"),
    path("social-value/inputs/<int:pk>/", views.input_edit, name="sroi_input_edit"),
    path("social-value/inputs/<int:pk>/remove/", views.input_remove, name="sroi_input_remove"),
    path("social-value/<int:pk>/outcomes/new/", views.outcome_new, name="sroi_outcome_new"),
    path("social-value/outcomes/<int:pk>/", views.outcome_edit, name="sroi_outcome_edit"),
    path(
        "social-value/outcomes/<int:pk>/remove/",
        views.outcome_remove,
        name="sroi_outcome_remove",
    ),
]

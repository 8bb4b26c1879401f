"""URLs for outcomes and evaluation. Included at the root by withus/urls.py, without a namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("areas/<slug:slug>/outcomes/", views.area_evaluations, name="outcomes_area"),
    path("areas/<slug:slug>/outcomes/new/", views.evaluation_new, name="outcomes_evaluation_new"),
    path("outcomes/<int:pk>/", views.evaluation, name="outcomes_evaluation"),
    path("outcomes/<int:pk>/measures/new/", views.measure_new, name="outcomes_measure_new"),
    path("outcomes/<int:pk>/people/new/", views.participant_new, name="outcomes_participant_new"),
    path("outcomes/<int:pk>/runners/", views.runners, name="outcomes_runners"),
    path("outcomes/<int:pk>/report/", views.report, name="outcomes_report"),
    path("outcomes/<int:pk>/publish/", views.publish, name="outcomes_publish"),
    path("outcomes/people/<int:pk>/", views.participant, name="outcomes_participant"),
    path(
        "outcomes/people/<int:pk>/scores/<int:measure_pk>/new/",
        views.measurement_new,
        name="outcomes_measurement_new",
    ),
    path(
        "outcomes/people/<int:pk>/withdraw/",
        views.consent_withdraw,
        name="outcomes_consent_withdraw",
    ),
    path("my/outcomes/", views.mine, name="outcomes_mine"),
]

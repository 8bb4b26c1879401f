"""URLs for integrated pathways. Included at the root by withus/urls.py, without a namespace."""

from django.urls import path

from . import views

urlpatterns = [
    path("areas/<slug:slug>/pathways/", views.pathways, name="pathways"),
    path("areas/<slug:slug>/pathways/new/", views.pathway_new, name="pathway_new"),
    path("pathways/<int:pk>/", views.pathway, name="pathway"),
    path("pathways/<int:pk>/change/", views.pathway_edit, name="pathway_edit"),
    path("pathways/<int:pk>/publish/", views.pathway_publish, name="pathway_publish"),
    path("pathways/<int:pk>/stages/new/", views.stage_new, name="pathway_stage_new"),
    path("pathways/stages/<int:pk>/change/", views.stage_edit, name="pathway_stage_edit"),
    path("pathways/stages/<int:pk>/remove/", views.stage_remove, name="pathway_stage_remove"),
    path("pathways/<int:pk>/people/", views.people, name="pathway_people"),
    path("pathways/<int:pk>/people/new/", views.person_new, name="pathway_person_new"),
    path("pathways/people/<int:pk>/outcome/", views.outcome_new, name="pathway_outcome_new"),
    path("pathways/<int:pk>/owed/", views.statement, name="pathway_statement"),
    path("pathways/<int:pk>/owed.csv", views.statement_csv, name="pathway_statement_csv"),
]

"""Pages about people and areas: home, sign-in pages, area list and dashboard."""

from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, render

from withus.contracts import queries as contract_queries
from withus.cycle import queries as cycle_queries
from withus.insight import queries as insight_queries

from . import queries
from .access import access, public, signed_in
from .auth_forms import PasswordResetForm, SetPasswordForm, SignInForm
from .models import LocalArea
from .roles import AREA_OVERSIGHT, area_ids_with


@public
def home(request):
    if not request.user.is_authenticated:
        return render(
            request, "core/home_public.html", {"areas": LocalArea.objects.order_by("name")}
        )
    return render(
        request,
        "core/home.html",
        {
            "memberships": queries.memberships_of(request.user),
            "voting": insight_queries.voting_exercises_for(request.user),
        },
    )


@public
def accessibility(request):
    return render(request, "core/accessibility.html")


@signed_in
def areas(request):
    ids = area_ids_with(request.user, AREA_OVERSIGHT)
    return render(request, "core/areas.html", {"areas": queries.areas_by_ids(ids)})


def _area(slug: str) -> LocalArea:
    return get_object_or_404(LocalArea, slug=slug)


@access("core.view_area_dashboard", obj=lambda slug: _area(slug))
def area_dashboard(request, slug):
    area = request.withus_object
    return render(
        request,
        "core/area_dashboard.html",
        {
            "area": area,
            "rows": cycle_queries.area_project_rows(area),
            "can_open": request.user.has_perm("cycle.add_project", area),
            "can_see_people": request.user.has_perm("core.view_area_people", area),
            "can_see_pooling": request.user.has_perm("pooling.view_summary", area),
            "can_choose_criteria": request.user.has_perm("stories.choose_criteria", area),
            # Break clauses and contract ends in the next six months.
            "contract_warnings": contract_queries.warnings_for(
                contract_queries.contracts_for(request.user, area, oversees=True)
            ),
        },
    )


@access("core.view_area_people", obj=lambda slug: _area(slug))
def area_people(request, slug):
    area = request.withus_object
    return render(
        request,
        "core/area_people.html",
        {
            "area": area,
            "people": queries.area_people(area),
            "organisations": queries.area_organisations(area),
        },
    )


login = public(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)
logout = public(auth_views.LogoutView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        form_class=PasswordResetForm,
        template_name="registration/password_reset.html",
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_sent.html")
)
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(
        form_class=SetPasswordForm, template_name="registration/password_new.html"
    )
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="registration/password_reset_finished.html"
    )
)

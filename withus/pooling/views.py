"""Pages for pooling personal budgets: thin, every write goes through services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from withus.core.access import access
from withus.core.edits import apply_validation_error
from withus.core.models import LocalArea, User
from withus.core.pages import form_page

from . import queries, services
from .forms import (
    BudgetForm,
    BudgetOnBehalfForm,
    ContributionForm,
    CostForm,
    GroupForm,
    LeaveForm,
    NoteForm,
    OutcomeForm,
)
from .models import GroupMember, Interest, Invitation, PoolingGroup


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _group(pk):
    return get_object_or_404(
        PoolingGroup.objects.select_related("local_area", "facilitator"), pk=pk
    )


def _invitation(pk):
    return get_object_or_404(Invitation.objects.select_related("group__local_area"), pk=pk)


# The budget holder's own pages ----------------------------------------------


@access("pooling.keep_budget", obj=_area)
def my_budget(request, slug):
    area = request.withus_object
    return render(
        request,
        "pooling/my_budget.html",
        {
            "area": area,
            "holder": queries.holder_of(request.user, area),
            "groups": queries.groups_of(request.user, area),
            "invitations": queries.invitations_of(request.user, area),
        },
    )


@access("pooling.keep_budget", obj=_area)
def my_budget_edit(request, slug):
    area = request.withus_object
    holder = queries.holder_of(request.user, area)
    interests = list(Interest.objects.order_by("name"))
    initial = {}
    if holder:
        initial = {
            "kind": holder.kind,
            "amount": holder.amount,
            "period": holder.period,
            "interests": [str(i.pk) for i in holder.interests.all()],
            "locality": holder.locality,
        }
    form = BudgetForm(request.POST or None, initial=initial, interests=interests)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_record(
                by=request.user,
                user=request.user,
                local_area=area,
                **form.budget_details(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your budget details are saved."))
            return redirect("my_budget", slug=area.slug)
    return form_page(
        request,
        form,
        title=_("Your budget"),
        caption=area.name,
        back=reverse("my_budget", args=[area.slug]),
        submit=_("Save"),
    )


@require_POST
@access("pooling.keep_budget", obj=_area)
def my_consent(request, slug):
    area = request.withus_object
    holder = queries.holder_of(request.user, area)
    if holder is None:
        messages.error(request, _("Tell us about your budget first."))
        return redirect("my_budget_edit", slug=area.slug)
    consent = request.POST.get("consent") == "yes"
    services.pooling_consent_set(by=request.user, holder=holder, consent=consent)
    messages.success(
        request,
        _("You will be suggested for pooling groups.")
        if consent
        else _("You will not be suggested for pooling groups. This has already taken effect."),
    )
    return redirect("my_budget", slug=area.slug)


@access("pooling.answer_invitation", obj=_invitation)
def invitation(request, pk):
    invitation = request.withus_object
    if request.method == "POST":
        accept = request.POST.get("answer") == "accept"
        try:
            services.invitation_answer(
                by=request.user, invitation=invitation, accept=accept, on=timezone.localdate()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("my_budget", slug=invitation.group.local_area.slug)
        if accept:
            messages.success(request, _("You have joined the group."))
            return redirect("pooling_group", pk=invitation.group_id)
        messages.success(request, _("You said no. Nobody in the group is told why."))
        return redirect("my_budget", slug=invitation.group.local_area.slug)
    return render(request, "pooling/invitation.html", {"invitation": invitation})


# Facilitators ------------------------------------------------------------------


@access("pooling.facilitate", obj=_area)
def facilitate(request, slug):
    area = request.withus_object
    return render(
        request,
        "pooling/facilitate.html",
        {
            "area": area,
            "suggestions": queries.suggestions(area),
            "groups": queries.facilitated(request.user, area),
        },
    )


@access("pooling.facilitate", obj=_area)
def budget_on_behalf(request, slug):
    area = request.withus_object
    # Only people with no budget recorded yet: after that, they keep their own.
    people = list(
        User.objects.filter(memberships__local_area=area, memberships__role="budget_holder")
        .exclude(budgets__local_area=area)
        .distinct()
        .order_by("display_name", "username")
    )
    form = BudgetOnBehalfForm(
        request.POST or None, people=people, interests=list(Interest.objects.order_by("name"))
    )
    if request.method == "POST" and form.is_valid():
        person = form.chosen_person()
        try:
            services.budget_record_on_behalf(
                by=request.user,
                user=person,
                suggest=form.cleaned_data["suggest"] == "yes",
                local_area=area,
                **form.budget_details(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Budget recorded for %(name)s, with their agreement.") % {"name": person}
            )
            return redirect("pooling_facilitate", slug=area.slug)
    return form_page(
        request,
        form,
        title=_("Record a budget for someone"),
        caption=area.name,
        intro=_(
            "Only do this when the person has asked you to. "
            "They can change it or stop being suggested at any time."
        ),
        back=reverse("pooling_facilitate", args=[area.slug]),
        submit=_("Save"),
    )


@access("pooling.facilitate", obj=_area)
def group_new(request, slug):
    area = request.withus_object
    wanted = request.GET.getlist("person") or request.POST.getlist("people")
    ids = [int(v) for v in wanted if str(v).isdigit()]
    chosen = User.objects.filter(pk__in=ids, budgets__local_area=area)
    if request.method != "POST":
        # Only people who said yes are offered. Someone who says no after the
        # form was opened stays a choice when it is sent, so the service
        # refuses the group and names them.
        chosen = chosen.filter(budgets__pooling_consent=True)
    people = list(chosen.order_by("display_name", "username"))
    form = GroupForm(
        request.POST or None,
        people=people,
        initial={"people": [str(p.pk) for p in people], "split_rule": "equal"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("people")
        reasons = request.POST.get("reasons", "")[:1000]
        try:
            group = services.group_create(
                by=request.user,
                local_area=area,
                invite=dict.fromkeys(form.chosen_people(), reasons),
                **data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Group set up. The people you chose have been invited."))
            return redirect("pooling_group", pk=group.pk)
    return render(
        request,
        "pooling/group_new.html",
        {"form": form, "area": area, "reasons": request.GET.get("reasons", "")},
    )


@access("pooling.view_summary", obj=_area)
def summary(request, slug):
    area = request.withus_object
    return render(
        request, "pooling/summary.html", {"area": area, "summary": queries.area_summary(area)}
    )


# A group's own pages (members and their facilitator only) --------------------


@access("pooling.view_group", obj=_group)
def group(request, pk):
    group = request.withus_object
    page = queries.group_page(group)
    me = next((m for m in page.members if m.user_id == request.user.pk and not m.left_on), None)
    return render(
        request,
        "pooling/group.html",
        {
            "page": page,
            "group": group,
            "me": me,
            "balances": [
                (m, page.state.balances.get(m.user_id)) for m in page.members if not m.left_on
            ],
            "left": [(m, page.state.returned.get(m.user_id)) for m in page.members if m.left_on],
            "notes": list(group.notes.select_related("author")[:50]),
            "note_form": NoteForm(),
            "today": timezone.localdate(),
        },
    )


@access("pooling.act_as_member", obj=_group)
def group_contribution(request, pk):
    group = request.withus_object
    form = ContributionForm(
        request.POST or None, initial={"amount": group.contribution, "on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_record(by=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Your payment into the pool is recorded."))
            return redirect("pooling_group", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Pay into the pool"),
        caption=group.name,
        back=reverse("pooling_group", args=[group.pk]),
        submit=_("Record the payment"),
    )


@access("pooling.record_cost", obj=_group)
def group_cost(request, pk):
    group = request.withus_object
    members = list(group.members.filter(left_on__isnull=True).select_related("user"))
    form = CostForm(
        request.POST or None,
        members=members,
        by_hours=group.split_rule == "hours",
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_record(
                by=request.user,
                group=group,
                description=form.cleaned_data["description"],
                amount=form.cleaned_data["amount"],
                on=form.cleaned_data["on"],
                hours=form.hours(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The shared cost is recorded and split."))
            return redirect("pooling_group", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("Record a shared cost"),
        caption=group.name,
        intro=group.get_split_rule_display(),
        back=reverse("pooling_group", args=[group.pk]),
        submit=_("Record the cost"),
    )


@access("pooling.act_as_member", obj=_group)
def group_leave(request, pk):
    group = request.withus_object
    form = LeaveForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_leave(by=request.user, group=group, on=form.cleaned_data["on"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("pooling_statement", pk=group.pk)
    page = queries.group_page(group)
    return render(
        request,
        "pooling/leave.html",
        {"form": form, "group": group, "balance": page.state.balances.get(request.user.pk)},
    )


@access("pooling.view_statement", obj=_group)
def statement(request, pk):
    group = request.withus_object
    lines, returned = queries.statement_for(group, request.user)
    membership = (
        GroupMember.objects.filter(group=group, user=request.user).order_by("-joined_on").first()
    )
    return render(
        request,
        "pooling/statement.html",
        {"group": group, "lines": lines, "returned": returned, "membership": membership},
    )


@require_POST
@access("pooling.view_group", obj=_group)
def group_note(request, pk):
    group = request.withus_object
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(by=request.user, group=group, text=form.cleaned_data["text"])
        messages.success(request, _("Message added for the group."))
    else:
        messages.error(request, _("Write your message before sending it."))
    return redirect(reverse("pooling_group", args=[group.pk]) + "#notes")


@access("pooling.act_as_member", obj=_group)
def group_outcome(request, pk):
    group = request.withus_object
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.outcome_record(
            by=request.user, group=group, on=timezone.localdate(), **form.cleaned_data
        )
        messages.success(request, _("Thank you. Your answers are saved."))
        return redirect("pooling_group", pk=group.pk)
    return form_page(
        request,
        form,
        title=_("How are things for you?"),
        caption=group.name,
        intro=_("Only the group and its facilitator see your answers."),
        back=reverse("pooling_group", args=[group.pk]),
        submit=_("Save my answers"),
    )

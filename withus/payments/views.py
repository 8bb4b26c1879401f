"""Pages for paid involvement: thin, every write goes through services."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from withus.core.access import access, public, signed_in
from withus.core.models import LocalArea
from withus.core.pages import form_flow
from withus.core.spreadsheet import safe_cell
from withus.cycle.models import InvolvementRecord

from . import queries, services
from .forms import ChoiceForm, ClaimForm, DecideForm, RateForm
from .models import Claim, PaymentBatch, PaymentChoice


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _record(pk):
    return get_object_or_404(InvolvementRecord.objects.select_related("project__local_area"), pk=pk)


def _claim(pk):
    return get_object_or_404(
        Claim.objects.select_related("local_area", "claimant", "record__project", "decided_by"),
        pk=pk,
    )


def _batch(pk):
    return get_object_or_404(PaymentBatch.objects.select_related("local_area"), pk=pk)


@public
def rates(request, slug):
    area = _area(slug)
    return render(
        request,
        "payments/rates.html",
        {
            "area": area,
            **queries.rate_table(area, timezone.localdate()),
            "can_set": request.user.has_perm("payments.set_rate", area),
        },
    )


@access("payments.set_rate", obj=_area)
def rate_new(request, slug):
    area = request.withus_object
    return form_flow(
        request,
        RateForm(request.POST or None),
        lambda data: services.rate_set(area, request.user, **data),
        done=reverse("payment_rates", args=[area.slug]),
        message=_("Rate published."),
        title=_("Publish a new rate"),
        caption=area.name,
        intro=_("A new rate applies from its date. It never changes claims already made."),
        back=reverse("payment_rates", args=[area.slug]),
        submit=_("Publish the rate"),
    )


@access("payments.choose", obj=_area)
def choice(request, slug):
    area = request.withus_object
    current = services.choice_of(request.user, area.pk)
    form = ChoiceForm(request.POST or None, initial={"choice": current})
    return form_flow(
        request,
        form,
        lambda data: services.choice_set(request.user, area, data["choice"]),
        done=reverse("my_claims"),
        message=_("Your choice is saved."),
        title=_("How you want to be paid"),
        caption=area.name,
        back=reverse("my_claims"),
        submit=_("Save my choice"),
    )


def _on_form_lines(error: ValidationError, used: list[int]) -> ValidationError:
    """The service numbers expense lines as it got them, with empty boxes left
    out; put each message next to the box the person filled in."""
    if not hasattr(error, "error_dict"):
        return error
    moved: dict[str, list] = {}
    for field, errors in error.error_dict.items():
        number = field.removeprefix("expense_amount_")
        if field != number and number.isdigit() and int(number) < len(used):
            field = f"expense_amount_{used[int(number)]}"
        moved.setdefault(field, []).extend(errors)
    return ValidationError(moved)


def _claim_page(request, record, claim=None):
    area = record.project.local_area
    initial = {}
    if claim is not None:
        initial = {
            "unit": claim.unit,
            "quantity": claim.quantity,
            "note": claim.note,
            "version": claim.version,
        }
        for i, line in enumerate(claim.expense_lines.all()):
            initial[f"expense_kind_{i}"] = line.kind
            initial[f"expense_detail_{i}"] = line.description
            initial[f"expense_amount_{i}"] = line.miles if line.miles is not None else line.amount
    form = ClaimForm(request.POST or None, initial=initial)

    def action(data):
        expenses, details = form.expenses()
        fields = {
            "unit": data["unit"],
            "quantity": data["quantity"],
            "note": data["note"],
            "expenses": expenses,
            "descriptions": details,
        }
        try:
            if claim is None:
                return services.claim_make(record, request.user, **fields)
            version = claim.version if data["version"] is None else data["version"]
            return services.claim_correct(claim, request.user, version=version, **fields)
        except ValidationError as error:
            raise _on_form_lines(error, form.used_lines()) from None

    choice = claim.choice if claim else services.choice_of(request.user, area.pk)
    return form_flow(
        request,
        form,
        action,
        done=lambda made: reverse("claim", args=[made.pk]),
        message=_("Claim sent. We will tell you when it is approved."),
        template="payments/claim_form.html",
        context={
            "record": record,
            "claim": claim,
            "area": area,
            "choice": choice,
            "choice_label": dict(PaymentChoice.Choice.choices).get(choice, ""),
            **queries.rate_table(area, record.happened_on),
        },
    )


@access("payments.claim", obj=_record)
def claim_new(request, pk):
    return _claim_page(request, request.withus_object)


@access("payments.correct", obj=_claim)
def claim_correct(request, pk):
    claim = request.withus_object
    return _claim_page(request, claim.record, claim)


@access("payments.view_claim", obj=_claim)
def claim(request, pk):
    claim = request.withus_object
    can_decide = (
        request.user.has_perm("payments.decide", claim) and claim.status == Claim.Status.SUBMITTED
    )
    form = DecideForm(request.POST or None, initial={"version": claim.version})
    context = {
        "claim": claim,
        "lines": claim.expense_lines.all(),
        "can_decide": can_decide,
        "can_correct": request.user.has_perm("payments.correct", claim),
    }
    if request.method == "POST" and not can_decide:
        if claim.status == Claim.Status.SUBMITTED and claim.claimant_id == request.user.pk:
            form.add_error(None, _("Someone else must decide on your own claim."))
        else:
            form.add_error(None, _("This claim has already been decided."))
        return render(request, "payments/claim.html", {**context, "form": form})

    def decide(data):
        version = claim.version if data["version"] is None else data["version"]
        return services.claim_decide(
            claim, request.user, version=version, decision=data["decision"], query=data["query"]
        )

    return form_flow(
        request,
        form,
        decide,
        done=reverse("claims", args=[claim.local_area.slug]),
        message=_("Decision saved."),
        template="payments/claim.html",
        context=context,
    )


@access("payments.manage", obj=_area)
def claims(request, slug):
    area = request.withus_object
    return render(request, "payments/claims.html", {"area": area, **queries.claims_page(area)})


@require_POST
@access("payments.manage", obj=_area)
def batch_new(request, slug):
    area = request.withus_object
    try:
        batch = services.batch_make(area, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("claims", slug=area.slug)
    messages.success(
        request,
        _("%(n)s claims sent for payment. Download the file for the payments team.")
        % {"n": batch.claim_count},
    )
    return redirect("claims", slug=area.slug)


CSV_HEADINGS = (
    "claim",
    "person",
    "email",
    "how paid",
    "involvement",
    "date",
    "time",
    "rate",
    "fee",
    "expenses",
    "total",
    "approved by",
)


@access("payments.manage", obj=_batch)
def batch_csv(request, pk):
    batch = request.withus_object
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="payments-{batch.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADINGS)
    for c in queries.batch_rows(batch):
        if c.total == 0:
            continue  # chose not to be paid and had no costs: nothing to pay
        writer.writerow(
            [
                c.pk,
                safe_cell(str(c.claimant)),
                safe_cell(c.claimant.email),
                _("Vouchers") if c.choice == "vouchers" else _("Bank payment"),
                safe_cell(c.record.title),
                c.record.happened_on.isoformat(),
                # "10", not "1E+1" as normalize() alone writes it.
                f"{c.quantity.normalize():f} {c.get_unit_display().lower()}",
                c.rate,
                c.fee,
                c.expenses,
                c.total,
                safe_cell(str(c.decided_by or "")),
            ]
        )
    return response


@signed_in
def my_claims(request):
    return render(request, "payments/my_claims.html", queries.my_claims(request.user))

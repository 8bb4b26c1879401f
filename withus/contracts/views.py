"""Pages for contracts and monitoring: thin, every write goes through services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from withus.core.access import access
from withus.core.models import LocalArea, Organisation
from withus.core.pages import form_flow
from withus.insight.models import Priority
from withus.tendering.models import Question, Requirement, Tender

from . import kpi as kpi_rules
from . import queries, rules, services
from .forms import (
    BreakClauseForm,
    ContractForm,
    ExtendForm,
    KpiForm,
    ReturnForm,
    ReturnsUploadForm,
    RingFenceForm,
)
from .models import KPI, Contract
from .returns_import import KpiSpec, parse_returns


def _area(slug):
    return get_object_or_404(LocalArea, slug=slug)


def _contract(pk):
    return get_object_or_404(Contract.objects.select_related("local_area", "provider"), pk=pk)


def _tender(pk):
    return get_object_or_404(
        Tender.objects.select_related("local_area", "winning_bid__organisation"), pk=pk
    )


def _providers(area):
    return Organisation.objects.filter(
        Q(kind__in=[Organisation.Kind.PROVIDER, Organisation.Kind.USER_LED]),
        Q(local_area=area) | Q(local_area__isnull=True),
    )


@access("contracts.list", obj=_area)
def contract_list(request, slug):
    area = request.withus_object
    oversees = rules.oversees(request.user, area)
    contracts = queries.contracts_for(request.user, area, oversees=oversees)
    return render(
        request,
        "contracts/contract_list.html",
        {
            "area": area,
            "contracts": contracts,
            "warnings": queries.warnings_for(contracts),
            "can_create": request.user.has_perm("contracts.create", area),
            "awarded": list(
                Tender.objects.filter(local_area=area, status=Tender.Status.AWARDED, contracts=None)
            )
            if oversees
            else [],
        },
    )


def _contract_form_page(request, area, tender=None):
    initial = {"kind": Contract.Kind.BLOCK, "extension_months": 0}
    if tender is not None:
        initial.update(
            {
                "title": tender.title,
                "provider": tender.winning_bid.organisation_id,
                "value": tender.winning_bid.price,
                "reference": f"{tender.reference}-C",
            }
        )
    form = ContractForm(request.POST or None, initial=initial, providers=_providers(area))
    return form_flow(
        request,
        form,
        lambda data: services.contract_create(area, request.user, tender=tender, **data),
        done=lambda contract: reverse("contract", args=[contract.pk]),
        message=_("Contract saved. Add its KPIs."),
        title=_("Contract from the award") if tender else _("Enter a contract"),
        caption=tender.reference if tender else area.name,
        back=reverse("contracts", args=[area.slug]),
        submit=_("Save contract"),
    )


@access("contracts.create", obj=_area)
def contract_new(request, slug):
    return _contract_form_page(request, request.withus_object)


@access("contracts.create_from_award", obj=_tender)
def contract_from_award(request, pk):
    tender = request.withus_object
    return _contract_form_page(request, tender.local_area, tender)


@access("contracts.view", obj=_contract)
def contract(request, pk):
    contract = request.withus_object
    views = queries.kpi_views(contract)
    user = request.user
    return render(
        request,
        "contracts/contract.html",
        {
            "contract": contract,
            "kpis": views,
            "breaks": list(contract.breaks.all()),
            "fences": list(contract.ring_fences.select_related("recipient")),
            "warnings": queries.warnings_for([contract]),
            "can_manage": user.has_perm("contracts.manage", contract),
            "can_return": user.has_perm("contracts.submit_return", contract),
            "services": list(contract.services.all()),
        },
    )


def _here(contract):
    return reverse("contract", args=[contract.pk])


@access("contracts.manage", obj=_contract)
def kpi_new(request, pk):
    contract = request.withus_object
    from withus.stories.models import RatingCriterion

    form = KpiForm(
        request.POST or None,
        initial={
            "amber_margin": 10,
            "direction": "higher",
            "frequency": "quarterly",
            "source": "provider",
        },
        criteria=RatingCriterion.objects.filter(local_area=contract.local_area, active=True),
        questions=Question.objects.filter(tender_id=contract.tender_id),
        requirements=Requirement.objects.filter(
            specification__project__local_area=contract.local_area
        ),
        priorities=Priority.objects.filter(exercise__local_area=contract.local_area).select_related(
            "theme"
        ),
    )
    return form_flow(
        request,
        form,
        lambda data: services.kpi_add(contract, request.user, **data),
        done=_here(contract),
        message=_("KPI added."),
        title=_("Add a KPI"),
        caption=contract.reference,
        back=_here(contract),
        submit=_("Add KPI"),
    )


@access("contracts.manage", obj=_contract)
def break_clause_new(request, pk):
    contract = request.withus_object
    return form_flow(
        request,
        BreakClauseForm(request.POST or None),
        lambda data: services.break_clause_add(contract, request.user, data["on"], data["note"]),
        done=_here(contract),
        message=_("Break clause added."),
        title=_("Add a break clause"),
        caption=contract.reference,
        back=_here(contract),
        submit=_("Add break clause"),
    )


@access("contracts.manage", obj=_contract)
def ring_fence_new(request, pk):
    contract = request.withus_object
    return form_flow(
        request,
        RingFenceForm(request.POST or None, organisations=_providers(contract.local_area)),
        lambda data: services.ring_fence_add(contract, request.user, **data),
        done=_here(contract),
        message=_("Sum ring-fenced."),
        title=_("Ring-fence a sum"),
        caption=contract.reference,
        back=_here(contract),
        submit=_("Save"),
    )


@access("contracts.manage", obj=_contract)
def extend(request, pk):
    contract = request.withus_object
    return form_flow(
        request,
        ExtendForm(request.POST or None, initial={"version": contract.version}),
        lambda data: services.contract_extend(
            contract, request.user, data["version"], data["months"]
        ),
        done=_here(contract),
        message=_("Contract extended."),
        title=_("Extend the contract"),
        caption=contract.reference,
        intro=_("The end date moves on; the audit log keeps the old and new dates."),
        back=_here(contract),
        submit=_("Extend"),
    )


def _reportable(request, contract):
    """The KPIs this person enters figures for: providers their own, commissioners theirs."""
    holder = request.user.has_perm("contracts.manage", contract)
    source = KPI.Source.COMMISSIONER if holder else KPI.Source.PROVIDER
    return list(contract.kpis.filter(source=source))


@access("contracts.submit_return", obj=_contract)
def return_new(request, pk):
    contract = request.withus_object
    kpis = _reportable(request, contract)
    form = ReturnForm(request.POST or None, kpis=kpis)
    return form_flow(
        request,
        form,
        lambda data: services.returns_record(
            contract, request.user, values=form.values(), note=data["note"]
        ),
        done=_here(contract),
        message=_("Figures saved."),
        title=_("Send monitoring figures"),
        caption=contract.reference,
        back=_here(contract),
        submit=_("Send figures"),
    )


@access("contracts.submit_return", obj=_contract)
def returns_upload(request, pk):
    contract = request.withus_object
    kpis = _reportable(request, contract)
    form = ReturnsUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        specs = {
            k.code: KpiSpec(
                code=k.code,
                title=k.title,
                frequency=k.frequency,
                first_period=kpi_rules.period_start(contract.start_date, k.frequency),
                last_period=kpi_rules.period_start(contract.end_date, k.frequency),
            )
            for k in kpis
        }
        parsed = parse_returns(form.cleaned_data["file"].read(), specs)
        problems = list(parsed.problems)
        if not problems:
            try:
                n = services.returns_import(contract, request.user, parsed.rows)
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(request, _("%(n)s figures saved.") % {"n": n})
                return redirect(_here(contract))
        else:
            form.add_error(
                "file",
                _(
                    "The file has %(n)s problems. Nothing was saved. Put them right and upload "
                    "it again."
                )
                % {"n": len(problems)},
            )
    return render(
        request,
        "contracts/returns_upload.html",
        {
            "contract": contract,
            "form": form,
            "problems": problems,
            "kpis": kpis,
            "example": "kpi,period,value,note\nK1,2026-04,87.5,\nK2,2026-04,12,Two staff off sick",
        },
    )

"""Publishing an SROI analysis stores its figures, and the list shows those.

A published analysis cannot change, so what was put in, the value today, the
value less what was put in and the return for each £1 are worked out once, at
publication, and kept on the analysis. The list reads them and not the
outcomes. A draft has none stored: its figures are worked out when shown.

Figures: the demo's analysis of the recovery peer mentors, at 3.5%.

Put in: £70,000 + £35,000 + 1,200 volunteer hours at £12.21 (£14,652)
= £119,652.00.

Year 1 value of each outcome = people × value × (1 − deadweight)
× (1 − attribution) × (1 − displacement), then less the drop-off each year:

1. 34 × £5,200 × 0.70 × 0.65 × 1 = £80,444.00, then £60,333.00, £45,249.75:
   80,444/1.035 + 60,333/1.035² + 45,249.75/1.035³ = £174,857.85
2. 45 × £520 × 0.75 × 0.60 = £10,530.00, then £5,265.00:
   10,530/1.035 (10,173.913…) + 5,265/1.035² (4,914.933…) = £15,088.85
3. 7 × £14,500 × 0.65 × 0.60 × 0.90 = £35,626.50, then £28,501.20, £22,800.96:
   £81,593.07
4. 48 × £3,000 × 0.80 × 0.60 = £69,120.00, then £34,560.00: £99,044.74
5. 30 × £1,800 × 0.75 × 0.50 = £20,250.00, then £10,125.00: £29,017.01

Value today (the exact total, rounded once) = £399,601.53; less £119,652.00
put in = £279,949.53; 399,601.53 ÷ 119,652 = 3.3397… so £3.34 for each £1.
"""

import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.social_value import demo, queries, services, sroi
from withus.social_value.models import Analysis, Input, Outcome

D = Decimal


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _demo_like(area, by, title="Recovery peer mentors: first year") -> Analysis:
    analysis = services.analysis_create(area, by, title=title, start_year=2025)
    for contributor, description, amount in demo.INPUTS:
        services.input_add(
            analysis, by, contributor=contributor, description=description, amount=amount
        )
    for values in demo.OUTCOMES:
        services.outcome_add(analysis, by, **values)
    return analysis


@pytest.fixture
def published(area, commissioner) -> Analysis:
    analysis = _demo_like(area, commissioner)
    services.analysis_publish(analysis, commissioner)
    return Analysis.objects.get(pk=analysis.pk)


def test_publishing_stores_the_figures_it_worked_out(area, commissioner):
    analysis = _demo_like(area, commissioner)
    stored = ("investment", "present_value", "net_present_value", "ratio")
    # A draft keeps nothing: it is still changing.
    assert [getattr(analysis, name) for name in stored] == [None] * 4

    services.analysis_publish(analysis, commissioner)

    analysis = Analysis.objects.get(pk=analysis.pk)
    assert analysis.investment == D("119652.00")
    assert analysis.present_value == D("399601.53")
    assert analysis.net_present_value == D("279949.53")
    assert analysis.ratio == D("3.34")
    # The same as working them out afresh from the inputs and outcomes.
    worked = sroi.evaluate(queries.facts(analysis, analysis.inputs.all(), analysis.outcomes.all()))
    assert [getattr(analysis, name) for name in stored] == [
        worked.investment,
        worked.present_value,
        worked.net_present_value,
        worked.ratio,
    ]
    # And the same as the audit entry written in the same transaction.
    (entry,) = AuditEntry.objects.filter(action="social_value.publish")
    assert {name: entry.data[name] for name in stored} == {
        "investment": "119652.00",
        "present_value": "399601.53",
        "net_present_value": "279949.53",
        "ratio": "3.34",
    }


def test_the_list_shows_the_stored_figures_without_reading_outcomes(client, area, published):
    # Were the list to work them out again it would show a different return:
    # the rows are changed here behind the services' back to tell the two apart.
    Outcome.objects.filter(analysis=published).update(proxy=D("1.00"))
    Input.objects.filter(analysis=published).update(amount=D("1.00"))

    with CaptureQueriesContext(connection) as queries_run:
        page = client.get(reverse("sroi_list", args=[area.slug])).content.decode()
    text = _text(page)
    assert "Recovery peer mentors: first year" in text
    assert "£119,652.00 £3.34" in text
    read = " ".join(q["sql"] for q in queries_run.captured_queries)
    assert "social_value_outcome" not in read and "social_value_input" not in read


def test_a_draft_in_the_list_shows_its_figures_as_they_are_now(client, area, commissioner):
    draft = _demo_like(area, commissioner, title="Second year (draft)")
    client.force_login(commissioner)
    text = _text(client.get(reverse("sroi_list", args=[area.slug])).content.decode())
    assert "Second year (draft) Draft" in text and "£119,652.00 £3.34" in text

    # Half the council grant taken off: £84,652.00 put in, and
    # 399,601.53 ÷ 84,652 = 4.7205… so £4.72 for each £1.
    council = draft.inputs.get(contributor="Northvale Council")
    services.input_change(
        council,
        commissioner,
        contributor="Northvale Council",
        description="Public health grant for the year",
        amount=D("35000.00"),
    )
    text = _text(client.get(reverse("sroi_list", args=[area.slug])).content.decode())
    assert "£84,652.00 £4.72" in text
    assert Analysis.objects.get(pk=draft.pk).ratio is None


def test_a_copy_of_a_published_analysis_is_a_draft_with_nothing_stored(
    client, area, commissioner, published
):
    client.force_login(commissioner)
    client.post(reverse("sroi_copy", args=[published.pk]))
    copy = Analysis.objects.get(copied_from=published)
    assert copy.status == "draft"
    assert (copy.investment, copy.present_value, copy.net_present_value, copy.ratio) == (
        None,
        None,
        None,
        None,
    )
    listing = queries.area_list(area, with_drafts=True)
    assert [(r["analysis"], r["investment"], r["ratio"]) for r in listing["drafts"]] == [
        (copy, D("119652.00"), D("3.34"))
    ]
    assert [r["analysis"] for r in listing["published"]] == [published]


def test_it_refuses_to_publish_figures_too_large_to_be_right(area, commissioner):
    analysis = services.analysis_create(area, commissioner, title="Too big", start_year=2025)
    services.input_add(
        analysis, commissioner, contributor="Council", description="Grant", amount=D("1")
    )
    # 10,000,000 people × £9,999,999,999.99 is far past the £9,999,999,999,999.99
    # the stored figures hold.
    services.outcome_add(
        analysis,
        commissioner,
        **{**demo.OUTCOMES[0], "quantity": 10_000_000, "proxy": D("9999999999.99")},
    )
    with pytest.raises(ValidationError, match="too large to be right"):
        services.analysis_publish(analysis, commissioner)
    analysis.refresh_from_db()
    assert (analysis.status, analysis.ratio) == ("draft", None)
    assert not AuditEntry.objects.filter(action="social_value.publish").exists()

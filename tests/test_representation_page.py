"""The public page (and its CSV) setting who took part against who lives in the area.

Participants are the people on withus named in the area's involvement records
of the last 12 months, each counted once; only those who agreed to give their
equality details are counted in the tables. Groups under 5 are "Not shown".
Every figure here is worked by hand in the comments.
"""

import csv
import html
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from withus.core.models import User
from withus.cycle import services as cycle
from withus.representation import services
from withus.representation.models import PopulationShare

D = Decimal


def _a_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _people(prefix: str, n: int, *, consent: bool = True, **details) -> list[User]:
    """``n`` people with a name, a display name and an email that must never be shown."""
    people = []
    for i in range(n):
        user = User.objects.create_user(
            username=f"{prefix}{i:03}",
            password="pw-unused-123",
            display_name=f"Person {prefix} {i:03}",
            email=f"{prefix}{i:03}@example.org",
        )
        if consent:
            services.profile_save(user, consent=True, **details)
        people.append(user)
    return people


def _record(project, facilitator, participants, happened_on):
    return cycle.involvement_record(
        by=facilitator,
        project=project,
        stage="needs_assessment",
        title="Listening event",
        happened_on=happened_on,
        level="co_design",
        participants=participants,
        group_name="",
        group_count=0,
        what_was_said="Weekend help matters.",
        what_changed="",
        hours_given=D("2"),
    )


def _shares(area, **percents):
    for group, percent in percents.items():
        PopulationShare.objects.create(
            local_area=area, category="gender", group=group, percent=D(percent), source="Census"
        )


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _tables(page: str) -> dict[str, tuple[str, list[tuple[str, ...]]]]:
    """Each table by its category label: (the caption after the label, the body rows)."""
    found = {}
    for table in re.findall(r'<table class="govuk-table">(.*?)</table>', page, re.S):
        caption = _text(re.search(r"<caption[^>]*>(.*?)</caption>", table, re.S)[1])
        label, _sep, rest = caption.partition(":")
        body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', table, re.S)[1]
        rows = [
            tuple(_text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S))
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        ]
        found[label] = (rest.strip(), rows)
    return found


def _gaps(page: str) -> list[str]:
    part = page.split("The biggest gaps", 1)[1].split("<table", 1)[0]
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", part, re.S)]


def _page(client, area) -> str:
    return client.get(reverse("representation", args=[area.slug])).content.decode()


def _csv(client, area) -> list[list[str]]:
    response = client.get(reverse("representation_csv", args=[area.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def women_and_men(project, facilitator):
    """25 consenting participants this year: 7 women and 18 men, in two records.

    Some men are in both records; they are still one person each.
    """
    today = timezone.localdate()
    women = _people("w", 7, gender="woman")
    men = _people("m", 18, gender="man")
    _record(project, facilitator, women + men[:10], today - timedelta(days=30))
    _record(project, facilitator, men, today - timedelta(days=200))
    return women + men


# --- the figures -------------------------------------------------------------------


def test_it_sets_participants_against_residents(client, area, women_and_men):
    _shares(area, woman="51.0", man="49.0")

    page = _page(client, area)

    assert "25 people took part in involvement work" in _text(page)
    assert "25 of them told us about themselves." in _text(page)
    # 25 answered gender. Women 7 / 25 = 28.0%, less 51 = -23.0; men 18 / 25 = 72.0%, +23.0.
    # Both gaps are 23.0, so they keep the order of the groups: women first.
    assert _gaps(page) == [
        "Women: 28% of participants, 51% of residents",
        "Men: 72% of participants, 49% of residents",
    ]
    caption, rows = _tables(page)["Gender"]
    assert caption == ""
    # Non-binary people and the other way have nobody (0 < 5), so are not shown;
    # two groups are withheld already, so no third is hidden. Prefer not to say: 0.
    assert rows == [
        ("Women", "7", "28.0%", "51%", "-23.0 points"),
        ("Men", "18", "72.0%", "49%", "+23.0 points"),
        ("Non-binary people", "Not shown", "", "", ""),
        ("People who describe their gender another way", "Not shown", "", "", ""),
        ("Prefer not to say", "Not shown", "", "", ""),
    ]


def test_the_csv_has_the_same_figures(client, area, women_and_men):
    _shares(area, woman="51.0", man="49.0")

    rows = _csv(client, area)

    assert rows[0] == [
        "category",
        "group",
        "participants",
        "percent of participants",
        "percent of residents",
        "gap",
    ]
    gender = [row for row in rows[1:] if row[0] == "Gender"]
    assert gender == [
        ["Gender", "Women", "7", "28.0", "51.00", "-23.0"],
        ["Gender", "Men", "18", "72.0", "49.00", "23.0"],
        ["Gender", "Non-binary people", "fewer than 5", "", "", ""],
        ["Gender", "People who describe their gender another way", "fewer than 5", "", "", ""],
        ["Gender", "Prefer not to say", "fewer than 5", "", "", ""],
    ]
    # Nobody answered anything else, so every other row is withheld.
    assert {row[2] for row in rows[1:] if row[0] != "Gender"} == {"fewer than 5"}


def test_no_name_or_email_of_anyone_appears(client, area, women_and_men):
    _shares(area, woman="51.0", man="49.0")

    page = _page(client, area)
    download = client.get(reverse("representation_csv", args=[area.slug])).content.decode()

    for person in women_and_men:
        for shown in (page, download):
            assert person.username not in shown
            assert person.display_name not in shown
            assert person.email not in shown
    assert "example.org" not in page + download


def test_people_who_did_not_agree_took_part_but_are_not_in_the_tables(
    client, area, project, facilitator, women_and_men
):
    _shares(area, woman="51.0", man="49.0")
    # Three more people took part but gave no details; one ticked nothing at all,
    # and two saved the form without the box, which keeps nothing.
    quiet = _people("q", 3, consent=False)
    for person in quiet[1:]:
        services.profile_save(person, consent=False)
    _record(project, facilitator, quiet, timezone.localdate() - timedelta(days=3))

    page = _page(client, area)

    assert "28 people took part in involvement work" in _text(page)
    assert "25 of them told us about themselves." in _text(page)
    # Still of the 25 who answered: 7 / 25 and 18 / 25.
    rows = _tables(page)["Gender"][1]
    assert rows[:2] == [
        ("Women", "7", "28.0%", "51%", "-23.0 points"),
        ("Men", "18", "72.0%", "49%", "+23.0 points"),
    ]


def test_it_counts_only_the_last_12_months_of_this_area(
    client, area, other_area, outsider, project, facilitator, women_and_men
):
    _shares(area, woman="51.0", man="49.0")
    today = timezone.localdate()
    first = _a_year_before(today)
    # 6 more women a day too early: they would make women 13 of 31.
    _record(project, facilitator, _people("old", 6, gender="woman"), first - timedelta(days=1))
    # 5 more women in Eastmoor's work this month.
    elsewhere = cycle.project_open(
        by=outsider,
        local_area=other_area,
        name="Eastmoor housing support",
        service_area="Housing",
        budget=D("1000.00"),
        planned_start=date(2027, 4, 1),
        planned_end=date(2028, 3, 31),
    )
    _record(elsewhere, outsider, _people("east", 5, gender="woman"), today)

    page = _page(client, area)

    assert "25 people took part in involvement work" in _text(page)
    assert _tables(page)["Gender"][1][0] == ("Women", "7", "28.0%", "51%", "-23.0 points")


def test_the_first_day_of_the_12_months_counts(client, area, project, facilitator, women_and_men):
    first = _a_year_before(timezone.localdate())
    # 5 more women on the first day: women 12 of 30 = 40.0%, men 18 of 30 = 60.0%.
    _record(project, facilitator, _people("edge", 5, gender="woman"), first)

    rows = _tables(_page(client, area))["Gender"][1]

    assert rows[:2] == [("Women", "12", "40.0%", "", ""), ("Men", "18", "60.0%", "", "")]


def test_the_gap_words_name_the_people_not_the_answer(client, area, project, facilitator):
    # 25 answered disability: 10 disabled = 40.0% against 18 (+22.0); 15 not = 60.0%
    # against 82 (-22.0). A tie, so in the order of the groups.
    people = _people("y", 10, disabled="yes") + _people("n", 15, disabled="no")
    _record(project, facilitator, people, timezone.localdate())
    for group, percent in (("yes", "18"), ("no", "82")):
        PopulationShare.objects.create(
            local_area=area, category="disabled", group=group, percent=D(percent)
        )

    assert _gaps(_page(client, area)) == [
        "Disabled people: 40% of participants, 18% of residents",
        "People who are not disabled: 60% of participants, 82% of residents",
    ]


# --- small numbers ---------------------------------------------------------------


def test_a_small_group_and_one_more_are_not_shown(client, area, project, facilitator):
    # 12 answered disability: 3 disabled (under 5) and 9 not. Withholding only the 3
    # would let anyone work it out as 12 - 9, so the 9 are withheld too.
    people = _people("y", 3, disabled="yes") + _people("n", 9, disabled="no")
    _record(project, facilitator, people, timezone.localdate())

    page = _page(client, area)
    download = _csv(client, area)

    caption, rows = _tables(page)["Disability"]
    assert caption == ""
    assert rows == [
        ("Disabled people", "Not shown", "", "", ""),
        ("People who are not disabled", "Not shown", "", "", ""),
        ("Prefer not to say", "Not shown", "", "", ""),
    ]
    assert [row[:3] for row in download if row[0] == "Disability"] == [
        ["Disability", "Disabled people", "fewer than 5"],
        ["Disability", "People who are not disabled", "fewer than 5"],
        ["Disability", "Prefer not to say", "fewer than 5"],
    ]
    assert ">9<" not in page and ">3<" not in page


def test_a_category_fewer_than_5_answered_says_so(client, area, project, facilitator):
    # 4 people gave their age, all 25 to 34: a group of 4 and a category of 4.
    people = _people("a", 4, age_band="25_34")
    _record(project, facilitator, people, timezone.localdate())

    tables = _tables(_page(client, area))

    caption, rows = tables["Age"]
    assert caption == "fewer than 5 people answered, so nothing is shown"
    assert {row[1] for row in rows} == {"Not shown"}


def test_five_is_enough_to_be_shown(client, area, project, facilitator):
    # 5 gave their age, all 25 to 34: 5 / 5 = 100.0%. Every other age band has
    # nobody, so more than one is withheld already and nothing more is hidden.
    people = _people("a", 5, age_band="25_34")
    _record(project, facilitator, people, timezone.localdate())

    caption, rows = _tables(_page(client, area))["Age"]

    assert caption == ""
    assert ("25 to 34", "5", "100.0%", "", "") in rows


# --- nothing to compare with ---------------------------------------------------------


def test_without_population_figures_it_says_so(client, area, women_and_men):
    page = _page(client, area)

    assert (
        "No population figures have been entered yet, so there is nothing to compare with."
        in _text(page)
    )
    assert _gaps(page) == []
    # The counts are still there, with nothing to set them against.
    assert _tables(page)["Gender"][1][0] == ("Women", "7", "28.0%", "", "")


def test_with_figures_and_no_big_gap_it_says_so(client, area, women_and_men):
    # Women 28.0 against 30.0 (gap -2.0), men 72.0 against 70.0 (+2.0): both under 5.
    _shares(area, woman="30.0", man="70.0")

    page = _page(client, area)

    assert _gaps(page) == []
    assert "No group is 5 or more points away from its share of residents." in _text(page)


def test_an_unknown_area_is_not_found(client, db):
    assert client.get(reverse("representation", args=["nowhere"])).status_code == 404
    assert client.get(reverse("representation_csv", args=["nowhere"])).status_code == 404


# --- queries -------------------------------------------------------------------------


@pytest.mark.parametrize("n", [10, 100])
def test_the_page_and_csv_take_a_fixed_number_of_queries(
    client, area, project, facilitator, django_assert_max_num_queries, n
):
    half = n // 2
    people = _people("w", half, gender="woman", experience=["carer", "drugs"]) + _people(
        "m", n - half, gender="man", disabled="no", age_band="45_54"
    )
    _record(project, facilitator, people, timezone.localdate())
    _record(project, facilitator, people[: n // 3], timezone.localdate() - timedelta(days=9))
    _shares(area, woman="51.0", man="49.0")

    # How many took part, their details, the area's shares; and the area itself.
    with django_assert_max_num_queries(4):
        page = _page(client, area)
    with django_assert_max_num_queries(4):
        _csv(client, area)

    assert f"{n} people took part in involvement work" in _text(page)

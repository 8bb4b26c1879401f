"""Who lives in the area: a commissioner sets one share, or imports a whole file.

Every change is audited. A file is taken whole or not at all, and its problems
are listed by the line a person sees in a spreadsheet (the headings are line 1).
"""

import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from withus.core.models import AuditEntry
from withus.representation.models import PopulationShare

D = Decimal
PERCENT_MESSAGE = "Enter a number from 0 to 100, like 51.2."


def _url(area, name="population"):
    return reverse(name, args=[area.slug])


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _group_of(page: str, field_id: str) -> str:
    """The GOV.UK form group of one field: from its opening to the field itself."""
    return page.split(f'id="{field_id}"', 1)[0].rsplit('<div class="govuk-form-group', 1)[1]


def _shares(area) -> list[tuple[str, str, Decimal, str]]:
    return list(
        PopulationShare.objects.filter(local_area=area)
        .order_by("category", "group")
        .values_list("category", "group", "percent", "source")
    )


def _actions(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def _upload(client, area, content: bytes):
    file = SimpleUploadedFile("shares.csv", content, content_type="text/csv")
    return client.post(_url(area, "population_import"), {"csrfmiddlewaretoken": "x", "file": file})


# --- one share -----------------------------------------------------------------------


def test_the_group_list_names_each_category_and_group(client, area, commissioner):
    client.force_login(commissioner)

    page = client.get(_url(area)).content.decode()

    select = re.search(r'<select[^>]*name="group"[^>]*>(.*?)</select>', page, re.S)[1]
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)
    assert options[0] == ("", "Choose a group")
    assert ("gender:woman", "Gender: Women") in options
    assert ("disabled:yes", "Disability: Disabled people") in options
    assert ("experience:carer", "Lived experience: Caring for someone") in options
    # Residents are never counted as preferring not to say.
    assert not any(value.endswith(":prefer_not_to_say") for value, _label in options)
    # 8 age bands, 4 genders, 5 ethnic groups, 2 answers on disability, 9 experiences.
    assert len(options) == 1 + 8 + 4 + 5 + 2 + 9


def test_a_commissioner_sets_a_share(client, area, commissioner):
    client.force_login(commissioner)

    response = client.post(
        _url(area), {"group": "gender:woman", "percent": "51.2", "source": "Census 2021"}
    )

    assert response.status_code == 302
    assert response["Location"] == _url(area)
    assert _shares(area) == [("gender", "woman", D("51.20"), "Census 2021")]
    (entry,) = _actions("representation.share")
    assert entry.actor == commissioner
    assert entry.local_area == area
    assert entry.data == {"category": "gender", "group": "woman", "percent": "51.2"}
    page = client.get(_url(area)).content.decode()
    assert "Share saved." in _text(page)
    assert "Gender: Women 51.2% Census 2021" in _text(page)


def test_setting_a_share_again_changes_it(client, area, area_admin):
    client.force_login(area_admin)
    client.post(_url(area), {"group": "disabled:yes", "percent": "18", "source": "Census"})

    client.post(_url(area), {"group": "disabled:yes", "percent": "17.25", "source": "Survey"})

    assert _shares(area) == [("disabled", "yes", D("17.25"), "Survey")]
    assert len(_actions("representation.share")) == 2
    page = client.get(_url(area)).content.decode()
    assert "Disability: Disabled people 17.25% Survey" in _text(page)


@pytest.mark.parametrize(
    ("percent", "message"),
    [
        ("150", PERCENT_MESSAGE),
        ("100.01", PERCENT_MESSAGE),
        ("-1", PERCENT_MESSAGE),
        ("abc", PERCENT_MESSAGE),
        ("51.234", "Enter no more than 2 numbers after the point."),
        ("", "Enter the share of residents, like 51.2."),
    ],
)
def test_a_bad_percent_is_refused_next_to_the_field(client, area, commissioner, percent, message):
    client.force_login(commissioner)

    response = client.post(
        _url(area), {"group": "gender:woman", "percent": percent, "source": "Census"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    group = _group_of(page, "id_percent")
    assert "govuk-form-group--error" in group
    assert message in _text(group)
    assert f'value="{percent}"' in page.split('id="id_percent"', 1)[1].split(">", 1)[0]
    assert _shares(area) == []
    assert _actions("representation.share") == []


@pytest.mark.parametrize("group", ["", "gender:prefer_not_to_say", "gender:robot", "gender"])
def test_a_group_not_in_the_list_is_refused(client, area, commissioner, group):
    client.force_login(commissioner)

    response = client.post(_url(area), {"group": group, "percent": "10", "source": ""})

    assert response.status_code == 200
    assert "govuk-form-group--error" in _group_of(response.content.decode(), "id_group")
    assert _shares(area) == []


def test_the_edges_of_a_percent_are_taken(client, area, commissioner):
    client.force_login(commissioner)

    client.post(_url(area), {"group": "gender:woman", "percent": "100", "source": ""})
    client.post(_url(area), {"group": "gender:man", "percent": "0", "source": ""})

    assert _shares(area) == [("gender", "man", D("0"), ""), ("gender", "woman", D("100"), "")]
    # 100.00 is shown as 100, not in the scientific way normalize() could write it.
    assert "Gender: Women 100%" in _text(client.get(_url(area)).content.decode())


def test_only_the_areas_commissioners_and_admins_may_change_figures(
    client, area, expert, facilitator, outsider
):
    for person in (expert, facilitator, outsider):
        client.force_login(person)
        for name in ("population", "population_import"):
            assert client.get(_url(area, name)).status_code == 403
        assert client.post(_url(area), {"group": "gender:woman", "percent": "1"}).status_code == 403
    client.logout()
    assert client.get(_url(area)).status_code == 302
    assert _shares(area) == []


def test_the_public_page_links_to_the_figures_only_for_those_who_may_change_them(
    client, area, commissioner, expert
):
    link = f'href="{_url(area)}"'
    assert link not in client.get(_url(area, "representation")).content.decode()
    client.force_login(expert)
    assert link not in client.get(_url(area, "representation")).content.decode()
    client.force_login(commissioner)
    assert link in client.get(_url(area, "representation")).content.decode()


# --- a whole file ----------------------------------------------------------------------


GOOD_FILE = (
    b"category,group,percent,source\n"
    b"gender,woman,51.0,Census 2021\n"
    b"gender,man,48.6,Census 2021\n"
    b"ethnic_group,asian,8.6,Census 2021\n"
)


def test_an_import_replaces_every_share(client, area, other_area, commissioner):
    PopulationShare.objects.create(local_area=area, category="disabled", group="yes", percent=20)
    PopulationShare.objects.create(local_area=area, category="gender", group="woman", percent=40)
    PopulationShare.objects.create(
        local_area=other_area, category="gender", group="woman", percent=52
    )
    client.force_login(commissioner)

    response = _upload(client, area, GOOD_FILE)

    assert response.status_code == 302
    assert response["Location"] == _url(area)
    # The disability share is gone: it was not in the file.
    assert _shares(area) == [
        ("ethnic_group", "asian", D("8.60"), "Census 2021"),
        ("gender", "man", D("48.60"), "Census 2021"),
        ("gender", "woman", D("51.00"), "Census 2021"),
    ]
    assert _shares(other_area) == [("gender", "woman", D("52.00"), "")]
    (entry,) = _actions("representation.import")
    assert (entry.actor, entry.local_area, entry.data) == (commissioner, area, {"rows": 3})
    assert "3 shares imported." in _text(client.get(_url(area)).content.decode())


def test_a_file_with_one_bad_line_changes_nothing(client, area, commissioner):
    PopulationShare.objects.create(local_area=area, category="gender", group="woman", percent=40)
    client.force_login(commissioner)
    content = (
        b"category,group,percent,source\n"  # line 1
        b"gender,woman,51.0,Census 2021\n"  # line 2
        b"gender,man,abc,Census 2021\n"  # line 3
        b"ethnic_group,asian,8.6,Census 2021\n"  # line 4
    )

    response = _upload(client, area, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert "The file has problems, so nothing was changed. See the list." in _text(
        _group_of(page, "id_file")
    )
    problems = page.split("What to put right", 1)[1].split("</table>", 1)[0]
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", problems, re.S)[1]
    rows = [
        tuple(_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]
    assert rows == [
        (
            "3",
            "percent",
            'The percent "abc" is not a number we can read. Give a number from 0 to 100, '
            "like 51.2, using a full stop for decimals.",
        )
    ]
    assert _shares(area) == [("gender", "woman", D("40.00"), "")]
    assert _actions("representation.import") == []


def test_a_problem_with_the_whole_file_says_so(client, area, commissioner):
    client.force_login(commissioner)

    # Saved as Latin-1, not UTF-8: the \xe9 is an e with an accent.
    response = _upload(client, area, b"category,group,percent,source\ngender,woman,51,Recens\xe9\n")

    assert response.status_code == 200
    assert (
        'Whole file We could not read the letters in this file. In Excel, use "Save as" '
        'and choose "CSV UTF-8".'
    ) in _text(response.content.decode())
    assert _shares(area) == []
    assert _actions("representation.import") == []


def test_an_import_needs_a_file(client, area, commissioner):
    client.force_login(commissioner)

    response = client.post(_url(area, "population_import"), {"csrfmiddlewaretoken": "x"})

    assert response.status_code == 200
    assert "Choose a CSV file to upload." in _text(_group_of(response.content.decode(), "id_file"))

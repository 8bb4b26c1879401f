import pytest
from tests.test_access_every_url import *  # noqa
from tests.test_access_every_url import _snapshot, _url, _post_data

TENDER_PAGES = [
    n
    for n in WRITE_PAGES
    if n in PK_OF
    and n
    not in ("project", "project_edit", "project_move", "involvement_new", "involvement_change")
]


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in WRITE_PAGES
        if n.startswith(
            ("spec", "req", "tender", "question", "clar", "bid", "decl", "score", "cons", "low")
        )
    ],
)
def test_probe(client, world, name):
    client.force_login(world["people"][ALLOWED_POSTER.get(name, "commissioner")])
    before = _snapshot(world)
    r = client.post(_url(name, world), _post_data(name, world))
    after = _snapshot(world)
    changed = [k for k in before if before[k] != after[k]]
    t_b, t_a = before["tendering"], after["tendering"]
    idx = [i for i in range(len(t_b)) if t_b[i] != t_a[i]]
    print(
        f"\nPROBE {name}: {r.status_code} {r.get('Location', '')} changed={changed} tendering_parts={idx}"
    )

"""The evaluation file and the recompute command: an award anyone can check without us.

A file written by ``dump`` reads back to the same model, bids and award; the
command recomputes it and says it matches (exit 0), lists each difference when
someone has changed a score (exit 1), and names the place of anything it cannot
read (exit 2). No database is needed.
"""

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from withus.tendering.award import BidEntry, Criterion, Model, compute_award
from withus.tendering.evaluation_file import (
    EvaluationFileError,
    RecordedAward,
    RecordedPlace,
    compare,
    dump,
    dumps,
    load,
    loads,
    recorded,
)
from withus.tendering.recompute import MATCHES, main

D = Decimal
ROOT = Path(__file__).resolve().parent.parent

MODEL = Model(
    D("40"),
    "lowest_price",
    D("20"),
    (
        Criterion("Q1", "Support in a crisis", D("25"), "commissioner", minimum=2),
        Criterion("Q2", "Working with families", D("15"), "commissioner", minimum=2),
        Criterion("P1", "Being treated as a person", D("20"), "panel"),
    ),
    estimated_cost=D("85000.00"),
)
BIDS = [
    # The four bids of test_tender_award_arithmetic: Acme 81, Beacon 76, Cedar failed, Dove out.
    BidEntry("bid-1", "Acme Care", D("100000.00"), {"Q1": 4, "Q2": 3, "P1": 4}),
    BidEntry("bid-2", "Beacon Trust", D("90000.00"), {"Q1": 3, "Q2": 3, "P1": 3}),
    BidEntry("bid-3", "Cedar Support", D("80000.00"), {"Q1": 5, "Q2": 1, "P1": 5}),
    BidEntry("bid-4", "Dove Services", D("120000.00"), {}, "Submitted after the deadline."),
]
TENDER = {"reference": "NV-2026-014", "title": "Community recovery service", "model_version": 2}
AWARD = compute_award(MODEL, BIDS)


@pytest.fixture
def document():
    return json.loads(dumps(MODEL, BIDS, AWARD, TENDER))


def write(tmp_path, document):
    path = tmp_path / "evaluation.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def run(capsys, path):
    status = main([str(path)])
    out, err = capsys.readouterr()
    return status, out, err


# --- the file -----------------------------------------------------------------------------


def test_a_dumped_evaluation_loads_back_the_same(document):
    loaded = loads(dumps(MODEL, BIDS, AWARD, TENDER))
    assert loaded.model == MODEL
    assert loaded.bids == tuple(BIDS)
    assert loaded.tender == TENDER
    assert loaded.recorded_award == recorded(AWARD)
    assert loaded.recorded_award == RecordedAward(
        "bid-1", (RecordedPlace("bid-1", 1, D("81.0000")), RecordedPlace("bid-2", 2, D("76.0000")))
    )
    assert compare(loaded.recorded_award, compute_award(loaded.model, loaded.bids)) == []
    assert load(dump(MODEL, BIDS, AWARD, TENDER)) == loaded


def test_decimals_are_written_as_strings_never_floats(document):
    assert document["model"]["price_weight"] == "40"
    assert document["model"]["estimated_cost"] == "85000.00"
    assert document["model"]["criteria"][0] == {
        "key": "Q1",
        "title": "Support in a crisis",
        "weight": "25",
        "set_by": "commissioner",
        "minimum": 2,
    }
    assert document["bids"][1]["price"] == "90000.00"
    assert document["award"] == {
        "winner": "bid-1",
        "ranking": [
            {"key": "bid-1", "rank": 1, "total": "81.0000"},
            {"key": "bid-2", "rank": 2, "total": "76.0000"},
        ],
    }


def test_compare_names_each_difference():
    tampered = RecordedAward(
        "bid-2",
        (
            RecordedPlace("bid-2", 1, D("82")),
            RecordedPlace("bid-3", 2, D("70")),
            RecordedPlace("bid-9", 3, D("1")),
        ),
    )
    assert compare(tampered, AWARD) == [
        "Winner: the file records bid-2 (Beacon Trust), but this calculation gives "
        "bid-1 (Acme Care).",
        "bid-1 (Acme Care): this calculation ranks it 1 with 81.0000, but the file does not "
        "rank it.",
        "bid-2 (Beacon Trust): the file records rank 1 with a total of 82, but this "
        "calculation gives rank 2 with 76.0000.",
        "bid-3 (Cedar Support): the file ranks it 2 with a total of 70, but this calculation "
        "does not rank it: it scored below the minimum on Q2.",
        "bid-9: the file ranks it 3, but there is no bid with that key.",
    ]


# --- the command -------------------------------------------------------------------------


def test_the_command_recomputes_a_good_file_and_says_it_matches(tmp_path, capsys, document):
    status, out, err = run(capsys, write(tmp_path, document))
    assert status == 0
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == "Tender: NV-2026-014 Community recovery service (model version 2)"
    assert "Rank  Bidder         Quality     Panel     Price  Total" in lines
    assert "   1  Acme Care      29.0000   16.0000   36.0000  81.0000" in lines
    assert "   2  Beacon Trust   24.0000   12.0000   40.0000  76.0000" in lines
    assert "  Cedar Support (bid-3): Q2 scored 1, below the minimum of 2." in lines
    assert "  Dove Services (bid-4): excluded. Submitted after the deadline." in lines
    assert "  Cedar Support (bid-3): £80,000.00 is below the estimated cost of £85,000.00." in lines
    assert lines[-2:] == ["Winner: Acme Care (bid-1).", MATCHES]


def test_the_command_lists_what_a_tampered_score_changes(tmp_path, capsys, document):
    # Beacon's Q1 raised from 3 to 5: quality 25 + 9 = 34, total 34 + 12 + 40 = 86, above 81.
    document["bids"][1]["scores"]["Q1"] = 5
    status, out, _ = run(capsys, write(tmp_path, document))
    assert status == 1
    assert MATCHES not in out
    assert out.splitlines()[-4:] == [
        "The recorded award does not match this calculation:",
        "  - Winner: the file records bid-1 (Acme Care), but this calculation gives "
        "bid-2 (Beacon Trust).",
        "  - bid-2 (Beacon Trust): the file records rank 2 with a total of 76.0000, but this "
        "calculation gives rank 1 with 86.0000.",
        "  - bid-1 (Acme Care): the file records rank 1 with a total of 81.0000, but this "
        "calculation gives rank 2 with 81.0000.",
    ]


def test_the_command_refuses_a_float_price_naming_its_place(tmp_path, capsys, document):
    path = write(tmp_path, document)
    text = path.read_text(encoding="utf-8").replace('"price": "90000.00"', '"price": 90000.00')
    path.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, path)
    assert status == 2
    assert out == ""
    assert err.splitlines() == [
        f"{path} cannot be used as an evaluation file:",
        '  - bids[1].price: 90000.00 must be written in quotes, as "90000.00", so it is read '
        "exactly.",
    ]


def test_the_command_refuses_a_missing_field_naming_its_place(tmp_path, capsys, document):
    del document["bids"][0]["price"]
    del document["model"]["criteria"][2]["set_by"]
    status, _, err = run(capsys, write(tmp_path, document))
    assert status == 2
    assert "  - model.criteria[2].set_by: this field is missing." in err.splitlines()
    assert "  - bids[0].price: this field is missing." in err.splitlines()


def test_the_command_refuses_text_that_is_not_json(tmp_path, capsys):
    path = tmp_path / "evaluation.json"
    path.write_text('{"format": "withus-evaluation", "version": 1,', encoding="utf-8")
    status, out, err = run(capsys, path)
    assert status == 2
    assert out == ""
    assert err.startswith(f"{path} cannot be used as an evaluation file:\n")
    assert (
        "  - The file is not valid JSON: Expecting property name enclosed in double quotes" in err
    )
    assert "line 1 column 46" in err


def test_the_command_refuses_a_file_that_is_not_there(tmp_path, capsys):
    status, out, err = run(capsys, tmp_path / "nowhere.json")
    assert status == 2
    assert err == f"Cannot read {tmp_path / 'nowhere.json'}: No such file or directory.\n"


def test_the_command_says_why_a_tender_cannot_be_scored(tmp_path, capsys, document):
    document["model"]["price_weight"] = "35"
    status, _, err = run(capsys, write(tmp_path, document))
    assert status == 2
    assert "  - The weights add up to 95%. They must add up to 100%." in err.splitlines()


def test_it_runs_as_a_module(tmp_path, document):
    finished = subprocess.run(
        [sys.executable, "-m", "withus.tendering.recompute", str(write(tmp_path, document))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0
    assert finished.stdout.rstrip().endswith(MATCHES)


# --- reading problems, each with its place -------------------------------------------


def problems(document):
    with pytest.raises(EvaluationFileError) as raised:
        load(document)
    return raised.value.problems


def test_it_names_the_place_of_each_value_it_cannot_read(document):
    document["bids"][2]["price"] = "12,00"
    document["bids"][0]["scores"]["Q2"] = "3"
    document["bids"][1]["excluded_reasn"] = "typo"
    document["model"]["max_score"] = 5.0
    document["model"]["price_formula"] = "cheapest"
    document["award"]["ranking"][1]["total"] = 76.0  # a Python float, as json.load would give
    assert problems(document) == [
        "model.price_formula: 'cheapest' is not one of lowest_price, mean_deviation.",
        "model.max_score: 5.0 is not a whole number.",
        "bids[0].scores.Q2: text is not a whole number.",
        "bids[1].excluded_reasn: this file format has no such field.",
        "bids[2].price: '12,00' is not a number.",
        'award.ranking[1].total: 76.0 must be written in quotes, as "76.0", so it is read exactly.',
    ]


def test_it_refuses_a_file_of_another_format_or_version(document):
    assert problems({"format": "spreadsheet"}) == [
        "format: this is not a withus evaluation file "
        "(format is 'spreadsheet', not 'withus-evaluation')."
    ]
    document["version"] = 2
    assert problems(document) == ["version: this reads version 1 files, not 2."]
    assert problems([]) == ["The file must hold one JSON object, not a list."]


def test_an_excluded_bid_needs_no_scores_but_others_do(document):
    del document["bids"][3]["scores"]
    assert load(document).bids[3].scores == {}
    del document["bids"][0]["scores"]
    assert problems(document) == ["bids[0].scores: this field is missing."]

"""Questionnaires as data: scoring, `warp measures load FILE.json`, versions, and the managers' pages."""

import json
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_student
from tests.measures.factories import instrument_data, make_instrument, respond
from warp.cli import main
from warp.measures.models import Instrument, InstrumentVersion, Occasion
from warp.measures.scoring import score_of
from warp.measures.services import instrument_as_data

pytestmark = pytest.mark.django_db


def _load(tmp_path, data, capsys) -> tuple[int, str]:
    path = tmp_path / "instrument.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    code = main(["measures", "load", str(path)])
    return code, capsys.readouterr().out


def test_a_reverse_scored_answer_counts_as_min_plus_max_minus_the_answer():
    version = make_instrument().current
    # Item 2 is reverse-scored on 1-5: an answer of 4 counts 1 + 5 - 4 = 2.
    assert score_of(version, [1, 4, 1, 1]) == 1 + 2 + 1 + 1
    assert score_of(version, [1, 1, 1, 1]) == 1 + 5 + 1 + 1


def test_a_mean_score_averages_the_item_scores_to_two_decimals():
    version = make_instrument(score="mean", reverse_items=[], clinical_cutoff=None).current
    assert score_of(version, [1, 2, 2, 2]) == 1.75
    assert (
        score_of(
            make_instrument(
                code="three", items=instrument_data()["items"][:3], reverse_items=[], score="mean"
            ).current,
            [1, 1, 2],
        )
        == 1.33
    )


def test_a_conversion_table_turns_the_raw_sum_into_the_reported_score():
    table = {str(raw): raw * 1.5 for raw in range(4, 21)}
    version = make_instrument(conversion=table).current
    assert score_of(version, [2, 4, 2, 2]) == 12.0  # raw 8 -> 12


def test_an_unanswered_item_leaves_the_response_kept_but_unscored():
    instrument = make_instrument()
    response = respond(make_student(), instrument, date(2025, 3, 1), Occasion.BASELINE, [3, None, 3, 3])
    assert response.score is None and response.is_complete is False
    assert response.answers == [3, None, 3, 3]


def test_loading_a_file_creates_the_instrument_and_loading_it_again_changes_nothing(tmp_path, capsys):
    code, out = _load(tmp_path, instrument_data(), capsys)
    assert code == 0 and "calm-check: created (version 1)" in out
    instrument = Instrument.objects.get(code="calm-check")
    before = list(InstrumentVersion.objects.values())
    code, out = _load(tmp_path, instrument_data(), capsys)
    assert code == 0 and "calm-check: unchanged" in out
    assert list(InstrumentVersion.objects.values()) == before
    assert instrument_as_data(instrument) == instrument_data() | {
        "clinical_cutoff": 12.0,
        "reliability": 0.84,
        "reference_sd": 5.0,
    }


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"score": "median"}, "score", 'Write "sum" or "mean"'),
        ({"reverse_items": [7]}, "reverse_items", "There is no item 7"),
        ({"response_min": 5, "response_max": 1}, "response_max", "must be above the lowest"),
        ({"reliability": 1.2}, "reliability", "Cronbach's alpha"),
        ({"reference_sd": 0}, "reference_sd", "above 0"),
        ({"higher_is_better": "yes"}, "higher_is_better", "true"),
        ({"items": [{"number": 2, "text": "x"}]}, "items", "number the items 1, 2, 3"),
        ({"conversion": {"4": 1}}, "conversion", "these are missing: 5, 6"),
        ({"score": "mean", "conversion": {"4": 1}}, "conversion", 'score "sum"'),
        ({"colour": "blue"}, "file", "not part of an instrument: colour"),
    ],
)
def test_a_bad_file_is_refused_saying_what_is_wrong_and_nothing_changes(
    tmp_path, capsys, change, field, words
):
    code, out = _load(tmp_path, instrument_data(**change), capsys)
    assert code == 1
    assert "nothing changed" in out and f"{field}: " in out and words in out
    assert not Instrument.objects.exists()


def test_a_file_missing_a_field_or_not_json_is_refused(tmp_path, capsys):
    data = instrument_data()
    del data["reliability"]
    code, out = _load(tmp_path, data, capsys)
    assert code == 1 and "reliability: This is needed." in out
    code, out = _load(tmp_path, "{not json", capsys)
    assert code == 1 and "not valid JSON" in out
    assert main(["measures", "load", str(tmp_path / "missing.json")]) == 2


def test_changing_the_scoring_once_responses_exist_makes_a_new_version_and_old_scores_stay(tmp_path, capsys):
    instrument = make_instrument()
    old = respond(make_student(), instrument, date(2025, 3, 1), Occasion.BASELINE, [2, 4, 2, 2])
    assert old.score == 8
    code, out = _load(tmp_path, instrument_data(reverse_items=[]), capsys)
    assert code == 0 and "new version (version 2)" in out
    old.refresh_from_db()
    assert old.version.number == 1 and old.score == 8
    new = respond(make_student(), instrument, date(2025, 3, 1), Occasion.BASELINE, [2, 4, 2, 2])
    assert new.version.number == 2 and new.score == 10


def test_changing_an_unused_instrument_updates_it_in_place(tmp_path, capsys):
    make_instrument()
    code, out = _load(tmp_path, instrument_data(reverse_items=[], name="Calm Check (new)"), capsys)
    assert code == 0 and "updated (version 1)" in out
    assert InstrumentVersion.objects.get().reverse_items == []


def _form(**overrides) -> dict:
    data = {
        "code": "steady-steps",
        "name": "Steady Steps",
        "licence": "Invented.",
        "items": "I took one small step.\nI rested when I needed to.\nI asked for help.",
        "response_min": "0",
        "response_max": "4",
        "reverse_items": "2",
        "score": "mean",
        "conversion": "",
        "higher_is_better": "yes",
        "reliability": "0.8",
        "reference_sd": "0.6",
        "clinical_cutoff": "",
    }
    return data | overrides


def test_a_manager_adds_a_questionnaire_on_the_page_and_edits_it(client_for):
    client = client_for("centre_manager")
    response = client.post(reverse("measures:instrument-create"), _form())
    assert response.status_code == 302
    instrument = Instrument.objects.get(code="steady-steps")
    version = instrument.current
    assert [item["text"] for item in version.items][1] == "I rested when I needed to."
    assert version.reverse_items == [2] and version.score == "mean" and version.response_min == 0
    page = client.get(reverse("measures:instrument-edit", args=[instrument.pk])).content.decode()
    assert "I asked for help." in page
    client.post(
        reverse("measures:instrument-edit", args=[instrument.pk]),
        _form(name="Steady Steps 2", show_scores_to_students="on"),
    )
    instrument.refresh_from_db()
    assert instrument.name == "Steady Steps 2" and instrument.show_scores_to_students


def test_a_bad_questionnaire_on_the_page_is_explained_and_keeps_what_was_typed(client_for):
    client = client_for("centre_manager")
    page = client.post(
        reverse("measures:instrument-create"), _form(reverse_items="9", reliability="1.5")
    ).content.decode()
    assert "There is no item 9" in page and "Cronbach" in page
    assert "I rested when I needed to." in page
    assert not Instrument.objects.exists()


def test_the_questionnaire_list_counts_responses_in_a_fixed_number_of_queries(
    client_for, django_assert_max_num_queries
):
    instrument = make_instrument()
    client = client_for("centre_manager")
    for _ in range(3):
        respond(make_student(), instrument, date(2025, 3, 1), Occasion.BASELINE, [3, 3, 3, 3])
    make_instrument(code="second", name="Second Check")
    # Session, user, roles, menu; then one query for the questionnaires with their counts.
    with django_assert_max_num_queries(8):
        page = client.get(reverse("measures:instrument-list")).content.decode()
    assert "Second Check" in page and ">3<" in page


def test_the_readme_and_manual_example_loads_as_documented(tmp_path, capsys):
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for doc in ("README.md", "docs/measures.md"):
        block = re.search(r'```json\n(\{\n  "code": "steady-steps".*?)\n```', (root / doc).read_text(), re.S)
        assert block, doc
        code, out = _load(tmp_path, block.group(1), capsys)
        assert code == 0, out
    version = Instrument.objects.get(code="steady-steps").current
    assert score_of(version, [4, 0, 4]) == 18.0  # raw 4 + 4 + 4 = 12 -> 18 in the table

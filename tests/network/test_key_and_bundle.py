"""The centre's key and its bundle, through the command line as whoever runs the server would use them."""

import json
import os
import stat

import pytest

from tests.factories import today
from tests.network.helpers import add_workshops_and_questionnaires, build_centre
from warp.cli import main
from warp.network import keys
from warp.network.bundle import canonical

pytestmark = pytest.mark.django_db


def test_key_prints_the_public_key_alone_on_its_last_line_and_makes_the_pair_once(settings, capsys):
    assert main(["network", "key"]) == 0
    first = capsys.readouterr().out.strip().splitlines()
    assert main(["network", "key"]) == 0
    second = capsys.readouterr().out.strip().splitlines()
    public = first[-1]
    assert second[-1] == public, "the key pair is made once, then kept"
    assert keys.parse_public_key(public) is not None and len(public) == 44
    path = keys.key_path()
    assert str(path) == settings.WARP_NETWORK_KEY_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    pem = path.read_text()
    assert "PRIVATE KEY" in pem
    assert not any(line in "\n".join(first + second) for line in pem.splitlines()[1:-1])


def test_a_key_file_that_is_not_a_key_is_refused_kindly(settings, tmp_path, capsys):
    broken = tmp_path / "broken.pem"
    broken.write_text("not a key")
    settings.WARP_NETWORK_KEY_FILE = str(broken)
    assert main(["network", "key"]) == 2
    assert "could not be read" in capsys.readouterr().out


@pytest.fixture
def exported(tmp_path, capsys):
    people = build_centre()
    add_workshops_and_questionnaires(people)
    start, end = today().replace(day=1, month=1), today()
    output = tmp_path / "bundle.json"
    code = main(
        [
            "network",
            "export",
            "--start",
            start.isoformat(),
            "--end",
            end.isoformat(),
            "--centre",
            "WEST-REC",
            "--output",
            str(output),
        ]
    )
    assert code == 0, capsys.readouterr().out
    return people, output


def test_export_writes_one_readable_signed_bundle(exported):
    _, output = exported
    text = output.read_text(encoding="utf-8")
    document = json.loads(text)
    assert text.count("\n") > 50, "indented, so a person can read it before sending it"
    assert document["format"] == "warp-network-bundle" and document["format_version"] == 2
    assert document["centre"]["code"] == "WEST-REC" and document["centre"]["name"]
    assert document["period"]["end"] == today().isoformat()
    assert document["software_version"]
    figures = document["figures"]
    assert figures["students"]["registered"] == 10  # 12 rounded to the nearest 5
    assert figures["courses"]["booked"] == 10
    assert {row["label"] for row in figures["students"]["by_age_band"]} >= {"Under 25", "65 and over"}
    assert "age" not in figures["students"], "bands only: never a youngest or oldest age"
    # Every rate comes with the counts it is worked out from.
    rates = {rate["name"]: rate for rate in document["rates"]}
    assert rates["completion_percent"]["numerator"] == "courses.completed"
    assert rates["completion_percent"]["denominator_count"] == figures["courses"]["booked"]
    assert rates["would_attend_again_percent"]["denominator_count"] == figures["feedback"]["answered"]
    assert rates["co_facilitated_percent"]["denominator_count"] == figures["workshops"]["sessions"]
    # Signed with this centre's key over the canonical form of everything else.
    assert document["public_key"] == keys.centre_public_key()
    assert keys.verifies(document["public_key"], canonical(document), document["signature"])
    assert canonical(document) == json.dumps(
        {k: v for k, v in document.items() if k != "signature"},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")


def test_the_bundle_carries_workshops_cohorts_and_each_questionnaire_as_commissioners_see_them(exported):
    _, output = exported
    document = json.loads(output.read_text(encoding="utf-8"))
    figures = document["figures"]
    # 9 workshops (10 rounded), 54 attendances (55), one ward ("*"), 6 co-facilitated ("*"); the percentage
    # from the exact counts: 6 of 9 is 66.7, shown whole.
    assert figures["workshops"] == {
        "sessions": 10,
        "attendances": 55,
        "settings": "*",
        "co_facilitated": "*",
        "co_facilitated_percent": 67,
    }
    assert set(figures["cohorts"]) == {"cohorts", "participants", "completed", "referrals"}
    # 12 at baseline (10), 10 pairs (10), 10 of 12 followed up = 83%; each rose from 8 to 16, more than the
    # reliable change (1.96 x 5 x sqrt(2 x 0.16) = 5.5).
    assert figures["outcomes"] == [
        {
            "code": "calm-check",
            "name": "Calm Check",
            "pairs": 10,
            "baselines": 10,
            "followed_up_percent": 83,
            "mean_change": 8.0,
            "reliably_improved": 10,
            "reliably_deteriorated": 0,
        }
    ]
    rates = {rate["name"]: rate for rate in document["rates"]}
    assert rates["outcomes.calm-check.followed_up_percent"] == {
        "name": "outcomes.calm-check.followed_up_percent",
        "percent": 83,
        "numerator": "outcomes.calm-check.pairs",
        "numerator_count": 10,
        "denominator": "outcomes.calm-check.baselines",
        "denominator_count": 10,
    }
    assert rates["co_facilitated_percent"]["numerator"] == "workshops.co_facilitated"
    assert rates["co_facilitated_percent"]["numerator_count"] == "*"


def test_no_personal_detail_of_any_student_is_in_the_bundle(exported):
    people, output = exported
    text = output.read_text(encoding="utf-8").lower()
    found = []
    for student in people:
        for value in (
            student.first_name,
            student.last_name,
            student.email,
            student.phone,
            student.postcode,
            student.postcode.replace(" ", ""),
            student.date_of_birth.isoformat(),
            student.date_of_birth.strftime("%d/%m/%Y"),
            student.registration_number,
        ):
            assert value, "every detail the search looks for is filled in"
            if value.lower() in text:
                found.append(value)
    assert not found, f"personal details in the bundle: {found}"


def test_the_private_key_is_never_in_the_bundle(exported):
    _, output = exported
    pem = keys.key_path().read_text()
    body = "".join(pem.splitlines()[1:-1])
    assert body not in output.read_text() and "PRIVATE" not in output.read_text()


def test_export_refuses_a_period_backwards(tmp_path, capsys):
    code = main(
        [
            "network",
            "export",
            "--start",
            "2026-06-01",
            "--end",
            "2026-01-01",
            "--centre",
            "A",
            "--output",
            str(tmp_path / "b.json"),
        ]
    )
    assert code == 2 and "--start must be on or before --end" in capsys.readouterr().out
    assert not (tmp_path / "b.json").exists()

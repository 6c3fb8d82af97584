"""The report's sections: each figure is the same figure its own page shows for the same period; the
commissioner and public versions hold no count from 1 to 7; a published edition never changes; a quote whose
consent is withdrawn before publishing is not in the report."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.evaluation.factories import identity, student, term
from tests.outreach.factories import hold, make_workshop
from tests.teams.factories import make_team
from warp.impact import services as impact
from warp.impact.models import WorkshopComment
from warp.partnership import render, services
from warp.partnership.document import Chart, Figures, NotKept, Quote, Report, Table, report_to_dict
from warp.partnership.report import edition_report
from warp.partnership.sections import COMPUTED_KEYS, draft_report
from warp.quotes import queries as quotes
from warp.quotes.services import quote_pick

pytestmark = pytest.mark.django_db
START, END = date(2025, 4, 1), date(2027, 3, 31)
PERIOD = f"?start={START.isoformat()}&end={END.isoformat()}"


@pytest.fixture
def centre(personas):
    secondary, carer, other = identity("Secondary care"), identity("Carer"), identity("Other")
    term("Autumn 2025", date(2025, 9, 1), date(2025, 12, 15))
    for n in range(20):
        student(
            registered_on=date(2025, 10, 1),
            identities=[secondary] if n % 2 else [secondary, carer],
            date_of_birth=date(1960 + n, 3, 4),
            gender="woman" if n % 3 else "man",
        )
    for _ in range(3):  # a small group: 3 students who chose "Other"
        student(registered_on=date(2025, 10, 1), identities=[other])
    ward = make_team(name="Ward A")
    intro = make_workshop("Introduction to Recovery")
    for day, people in ((date(2025, 5, 1), 9), (date(2026, 2, 3), 4)):
        hold(ward, workshop=intro, held_on=day, attendees=people, peer=1, clinical=1)
    impact.impact_entry_create(
        kind="presentation", held_on=date(2026, 3, 4), title="Learning together", people=["Alex Moran"]
    )
    workshop = impact.workshop_create(held_on=date(2026, 4, 29), service="Pain Service", locality="Poole")
    theme = impact.workshop_theme_create(name="Being heard")
    impact.workshop_comment_add(
        workshop=workshop, theme=theme, text="I felt listened to.", perspective="carer", quote_consent=True
    )
    row = next(row for row in quotes.library() if row["quote_source"] == "coproduction")
    quote_pick(source="coproduction", ref=row["quote_ref"], by=personas["partnership_lead"])
    return personas


def _table(report: Report, caption: str) -> Table:
    return next(table for table in report.tables() if table.caption == caption)


def _figures(report: Report, key: str) -> dict:
    section = next(s for s in report.sections if s.key == key)
    return {f.label: f.value for b in section.blocks if isinstance(b, Figures) for f in b.items}


def _percent(value):
    return value if value is None or isinstance(value, str) else f"{value}%"


@pytest.mark.parametrize(("role", "version"), [("centre_manager", "full"), ("commissioner", "commissioner")])
def test_every_evaluation_figure_is_the_evaluation_pages_own(centre, client_for, role, version):
    data = json.loads(client_for(role).get(reverse("evaluation:report-json") + PERIOD).content)
    report = draft_report(start=START, end=END, version=version)

    identities = _table(report, "Students by self-selected identity").rows
    assert identities == [[row["label"], row["count"]] for row in data["students"]["by_identity"]]
    genders = _table(report, "Students by gender").rows
    assert genders == [[row["label"], row["count"]] for row in data["students"]["by_gender"]]
    levels = _table(report, "Attendance and completion by level").rows
    assert levels == [
        [
            row["label"],
            row["booked"],
            row["completed"],
            _percent(row["completion_percent"]),
            _percent(row["attendance_percent"]),
        ]
        for row in data["courses"]["by_level"]
    ]
    feedback = _table(report, "Would attend another course, by term").rows
    assert feedback == [
        [row["label"], row["responses"], row["answered"], _percent(row["would_attend_again_percent"])]
        for row in data["feedback"]["by_term"]
    ]
    graph = next(chart for chart in report.charts() if chart.caption.startswith("Outcomes named"))
    assert graph.values == [row["count"] for row in data["reviews"]["by_category"]]
    college = _figures(report, "college")
    assert college["Students registered by the end of the period"] == data["students"]["registered"]
    assert college["Course runs"] == data["courses"]["runs"]
    workshops = _figures(report, "workshops")
    assert workshops["Skills workshops held"] == data["workshops"]["sessions"]
    assert workshops["Attendances"] == data["workshops"]["attendances"]
    assert workshops["Led by a peer and a clinician together"] == _percent(
        data["workshops"]["co_facilitated_percent"]
    )
    by_ward = _table(report, "Skills workshops by ward or service").rows
    assert by_ward == [[r["label"], r["sessions"], r["attendances"]] for r in data["workshops"]["by_setting"]]
    assert _figures(report, "evaluation")["Mean age"] == data["students"]["age"]["mean"]


def _counts(report: Report) -> list[int]:
    """Every whole number in the report's figures, tables and charts (each of them a count)."""
    found: list = []
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Figures):
                found += [item.value for item in block.items]
            elif isinstance(block, Table):
                found += [value for row in block.rows for value in row]
            elif isinstance(block, Chart):
                found += block.values
    return [value for value in found if isinstance(value, int) and not isinstance(value, bool)]


@pytest.mark.parametrize("version", ["commissioner", "public"])
def test_a_suppressed_version_holds_no_count_from_1_to_7(centre, version):
    assert any(1 <= n <= 7 for n in _counts(draft_report(start=START, end=END, version="full")))

    counts = _counts(draft_report(start=START, end=END, version=version))

    assert counts  # it still has figures: 0s and rounded counts
    assert [n for n in counts if 1 <= n <= 7] == []


@pytest.mark.parametrize("version", ["commissioner", "public"])
def test_only_the_full_version_names_presenters(centre, version):
    def people(version):
        table = _table(draft_report(start=START, end=END, version=version), "Conferences and Presentations")
        return json.dumps(table.columns + table.rows)

    assert "Alex Moran" in people("full")
    assert "Alex Moran" not in people(version)


def test_the_public_version_leaves_the_teams_names_out_of_local_impacts(centre):
    from warp.teams import services as teams

    team = make_team(name="Hillside Ward")
    teams.work_item_create(team=team, kind="skills_workshops", summary="Weekly workshops", state="active")

    def register(version):
        section = next(
            s
            for s in draft_report(start=START, end=END, version=version).sections
            if s.key == "local_impacts"
        )
        return json.dumps([b.rows for b in section.blocks if isinstance(b, Table)])

    assert "Hillside Ward" in register("commissioner")
    assert "Hillside Ward" not in register("public") and "Weekly workshops" in register("public")


def _edition(**words):
    return services.edition_create(
        title="Two years together", start=START, end=END, sections=["foreword", *COMPUTED_KEYS], words=words
    )


def test_a_published_edition_does_not_change_when_new_data_arrives(centre):
    edition = services.edition_publish(edition=_edition(foreword="Hello."))
    before = {
        version: report_to_dict(edition_report(edition, version=version)) for version in edition.snapshots
    }

    for _ in range(12):
        student(registered_on=date(2026, 1, 1), identities=[identity("Carer")])
    hold(make_team(name="Ward B"), workshop=make_workshop("Hope"), held_on=date(2026, 6, 1), attendees=30)

    edition.refresh_from_db()
    after = {
        version: report_to_dict(edition_report(edition, version=version)) for version in edition.snapshots
    }
    assert after == before
    assert set(after) == {"full", "commissioner", "public"}
    # A draft of the same period sees the new students: the snapshot is what kept the figures.
    fresh = _figures(draft_report(start=START, end=END), "college")
    kept = _figures(edition_report(edition), "college")
    assert fresh["Students registered by the end of the period"] == 35
    assert kept["Students registered by the end of the period"] == 23
    assert edition.published_at is not None and edition.data_version is not None


def test_a_published_edition_cannot_be_edited_or_published_again(centre):
    edition = services.edition_publish(edition=_edition())
    with pytest.raises(ValidationError, match="start a new edition"):
        services.edition_update(
            edition=edition, title="Changed", start=START, end=END, sections=["college"], words={}
        )
    with pytest.raises(ValidationError, match="already been published"):
        services.edition_publish(edition=edition)
    edition.refresh_from_db()
    assert edition.title == "Two years together"


def _quotes(report: Report) -> list[str]:
    return [b.text for s in report.sections for b in s.blocks if isinstance(b, Quote)]


def test_a_quote_withdrawn_before_publishing_is_not_in_the_report(centre):
    edition = _edition()
    assert _quotes(edition_report(edition)) == ["I felt listened to."]
    assert next(
        b for s in edition_report(edition).sections for b in s.blocks if isinstance(b, Quote)
    ).attribution
    comment = WorkshopComment.objects.get(text="I felt listened to.")
    impact.workshop_comment_update(
        comment=comment,
        theme=comment.theme,
        text=comment.text,
        perspective=comment.perspective,
        quote_consent=False,
    )

    edition = services.edition_publish(edition=edition)

    for version in ("full", "commissioner", "public"):
        assert "I felt listened to." not in json.dumps(edition.snapshots[version])


def test_quotes_are_attributed_by_role_only(centre):
    quote = next(
        b for s in draft_report(start=START, end=END).sections for b in s.blocks if isinstance(b, Quote)
    )
    assert quote.attribution == "A carer"


def test_a_section_whose_data_is_not_kept_says_so(centre):
    section = next(s for s in draft_report(start=START, end=END).sections if s.key == "fidelity")
    assert isinstance(section.blocks[0], NotKept)
    assert "not rated its fidelity" in section.blocks[0].text


def test_an_unknown_section_is_refused_kindly():
    with pytest.raises(ValidationError, match="not sections of the report: nonsense"):
        services.edition_create(title="T", start=START, end=END, sections=["nonsense"])


def test_the_pdf_and_word_text_hold_the_evaluation_pages_own_figures(centre, client_for):
    import io

    from docx import Document
    from pypdf import PdfReader

    data = json.loads(client_for("centre_manager").get(reverse("evaluation:report-json") + PERIOD).content)
    report = draft_report(start=START, end=END)

    pdf = render.render_pdf(report, base_url="http://testserver/")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    word = Document(io.BytesIO(render.render_docx(report)))
    cells = [[cell.text.strip() for cell in row.cells] for table in word.tables for row in table.rows]
    for row in data["students"]["by_identity"]:
        assert f"{row['label']} {row['count']}" in text, row
        assert [row["label"], str(row["count"])] in cells, row
    for row in data["workshops"]["by_setting"]:
        assert [row["label"], str(row["sessions"]), str(row["attendances"])] in cells, row

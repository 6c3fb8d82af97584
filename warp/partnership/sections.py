"""The report's sections, each built from the one computation that already serves its page.

Nothing here counts students, bookings or reviews again: the college, evaluation and workshops sections read
the evaluation report (`warp.evaluation.queries.evaluation_report`, or its commissioners' form), the outcome
measures read the outcomes report, service use the service-use report, Local Impacts the work register,
working with teams the teams summaries, the programmes their summaries, the impacts the impact log, the
quotes the quote library (consent read at build time) and fidelity the centre's latest ratings. The only
figures of its own are the sessions and venues of the period (`queries.sessions_and_venues`), which no
page shows.

Versions: "full" has exact numbers; "commissioner" and "public" show every count through the disclosure
rule (`warp.core.disclosure`), taking the suppressed forms the evaluation, outcomes and service-use reports
already give, and name nobody who has not agreed to be (no presenters or action leads); "public" also leaves
the teams' names out of Local Impacts. Award winners are named only with their agreement, and no team is
named beside its TRIP scores, in every version.
Whole numbers in figures, tables and charts are counts; anything else (a rank, a rating, a percentage) is
given as text, so a suppressed version holds no count from 1 to 7.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.utils import timezone

from warp.core.disclosure import DisclosureRule
from warp.core.kept import data_version
from warp.core.words import long_date
from warp.evaluation import service_use as service_use_disclosure
from warp.evaluation.disclosure import for_commissioners
from warp.evaluation.queries import EvaluationReport, ProgressRow, evaluation_report
from warp.impact.models import ImpactEntry
from warp.impact.queries import impact_sections
from warp.measures import disclosure as measures_disclosure
from warp.measures.models import Instrument
from warp.measures.queries import outcomes_report
from warp.network.queries import latest_fidelity
from warp.partnership.document import (
    Block,
    Chart,
    Figure,
    Figures,
    Narrative,
    NotKept,
    Quote,
    Report,
    Section,
    Table,
    Text,
    Value,
    Version,
)
from warp.partnership.queries import sessions_and_venues
from warp.programmes.models import AwardYear, Network, Placement
from warp.programmes.queries import mentoring_summary, network_counts, published_winners, workforce
from warp.quotes.queries import library
from warp.service_use.queries import service_use_report
from warp.teams.models import Challenge, PrioritisationExercise
from warp.teams.queries import care_progress, exercise_results, team_summary, work_register

NARRATIVE = "narrative"
COMPUTED = "computed"


@dataclass(frozen=True)
class SectionKind:
    key: str
    title: str
    kind: str  # NARRATIVE (the lead's words) or COMPUTED (from the data, with an optional note)
    hint: str = ""


# Every section an edition may hold, in the order of the report this project started from.
SECTIONS: list[SectionKind] = [
    SectionKind("foreword", "Foreword", NARRATIVE, "A welcome, often from someone outside the partnership."),
    SectionKind("summary", "Summary", NARRATIVE, "The period in a few paragraphs."),
    SectionKind("vision", "Vision and purpose", NARRATIVE, "What the partnership is for."),
    SectionKind("introduction", "Introduction", NARRATIVE, "The background to the period's work."),
    SectionKind("strategy", "The strategy", COMPUTED, "The organisational challenges and their actions."),
    SectionKind("personal_impacts", "Personal impacts", COMPUTED, "Quotes picked in the quote library."),
    SectionKind("college", "The college in numbers", COMPUTED, "Students, courses, sessions, venues, terms."),
    SectionKind("evaluation", "Evaluation", COMPUTED, "Table 1, attendance, feedback, Graph 1, outcomes."),
    SectionKind("workshops", "Skills workshops and intensive courses", COMPUTED, "Workshops and cohorts."),
    SectionKind("local_impacts", "Local impacts", COMPUTED, "The work register, grouped by kind of service."),
    SectionKind("teams", "Working with teams", COMPUTED, "TRIP, the Triangle of Care and carers."),
    SectionKind("programmes", "People and programmes", COMPUTED, "Peer workers, mentoring, network, awards."),
    SectionKind("national_impacts", "National and international impacts", COMPUTED, "The impact log."),
    SectionKind("fidelity", "Fidelity", COMPUTED, "The centre's latest fidelity ratings."),
    SectionKind("recommendations", "Recommendations", NARRATIVE, "What the partnership will do next."),
]
BY_KEY = {section.key: section for section in SECTIONS}
SECTION_KEYS = [section.key for section in SECTIONS]
COMPUTED_KEYS = [section.key for section in SECTIONS if section.kind == COMPUTED]
NARRATIVE_KEYS = [section.key for section in SECTIONS if section.kind == NARRATIVE]


def _text(value) -> Value:
    """A figure that is not a count (a mean, a rating, a decimal) as the report shows it."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return value


def percent(value) -> Value:
    """A percentage as text ("45.5%"): never read as a count; "*" and None stay as they are."""
    if value is None or isinstance(value, str):
        return value
    return f"{value}%"


class Build:
    """One build of the report: the period, the version, and each computation run at most once."""

    def __init__(self, *, start: date, end: date, version: Version) -> None:
        self.start, self.end, self.version = start, end, version
        self.rule = DisclosureRule.from_settings()

    @property
    def suppressed(self) -> bool:
        return self.version != "full"

    @property
    def names_shown(self) -> bool:
        """Whether people may be named without their recorded agreement (staff presenters, action leads):
        in the full version only (commissioners see no one's name anywhere in WaRP)."""
        return self.version == "full"

    @property
    def teams_named(self) -> bool:
        """Whether Local Impacts names the teams it worked with: not in the public version, since WaRP keeps
        no team's agreement to be named in public."""
        return self.version != "public"

    def count(self, value: int) -> int | str:
        return self.rule.count(value) if self.suppressed else value

    def derived(self, value, group: int):
        return self.rule.derived(value, group) if self.suppressed else value

    @cached_property
    def evaluation(self) -> EvaluationReport:
        report = evaluation_report(start=self.start, end=self.end)
        return for_commissioners(report, self.rule) if self.suppressed else report


# The sections ------------------------------------------------------------------------------------------


def college(build: Build) -> list[Block]:
    report = build.evaluation
    venues = sessions_and_venues(start=build.start, end=build.end)
    return [
        Text(f"From {long_date(build.start)} to {long_date(build.end)}."),
        Figures(
            [
                Figure("Students registered by the end of the period", report.students.registered),
                Figure("Courses", build.count(len(report.courses.by_course))),
                Figure("Course runs", report.courses.runs),
                Figure("Sessions", build.count(venues.sessions)),
                Figure("Venues", build.count(venues.venues)),
                Figure("Terms", build.count(len(report.courses.by_term))),
                Figure("Places booked", report.courses.total.booked),
            ]
        ),
    ]


def _progress_table(caption: str, rows: list[ProgressRow], first: str) -> Table:
    return Table(
        caption,
        [first, "Places booked", "Completed", "Completion", "Attendance"],
        [
            [
                row.label,
                row.booked,
                row.completed,
                percent(row.completion_percent),
                percent(row.attendance_percent),
            ]
            for row in rows
        ],
        [False, True, True, True, True],
    )


def evaluation(build: Build) -> list[Block]:
    report = build.evaluation
    students, reviews, agreement = report.students, report.reviews, report.reviews.agreement
    blocks: list[Block] = [
        Table(
            "Students by self-selected identity",
            ["Identity", "Students"],
            [[row.label, row.count] for row in students.by_identity],
            [False, True],
        ),
        Table(
            "Students by gender",
            ["Gender", "Students"],
            [[r.label, r.count] for r in students.by_gender],
            [False, True],
        ),
        Figures(
            [
                Figure("Mean age", _text(students.age.mean)),
                Figure("Youngest", _text(students.age.min) if not build.suppressed else "*"),
                Figure("Oldest", _text(students.age.max) if not build.suppressed else "*"),
                Figure("Age not given", students.age.not_provided),
            ]
        ),
        _progress_table("Attendance and completion by level", report.courses.by_level, "Level"),
        Table(
            "Would attend another course, by term",
            ["Term", "Feedback forms", "Answered", "Would attend again"],
            [
                [row.label, row.responses, row.answered, percent(row.would_attend_again_percent)]
                for row in report.feedback.by_term
            ],
            [False, True, True, True],
        ),
        Text(
            "Outcomes students named in their Learning Plan Reviews (Graph 1): how many students named each."
        ),
        Chart(
            "Outcomes named in Learning Plan Reviews",
            [row.label for row in reviews.by_category],
            [row.count for row in reviews.by_category],
            xlabel="Students",
        ),
        Table(
            "Outcomes named in Learning Plan Reviews",
            ["Outcome", "Students"],
            [[row.label, row.count] for row in reviews.by_category],
            [False, True],
        ),
        Figures(
            [
                Figure("Reviews held", reviews.count),
                Figure("Reviews coded twice", agreement.double_coded),
                Figure("Both codings the same", percent(agreement.percent_agreement)),
            ]
        ),
    ]
    if agreement.by_category:
        blocks.append(
            Table(
                "Agreement between the two codings (Cohen's kappa)",
                ["Outcome", "Kappa"],
                [[row.label, _text(row.kappa)] for row in agreement.by_category],
                [False, True],
            )
        )
    blocks += outcome_measures(build)
    blocks += service_use(build)
    return blocks


def outcome_measures(build: Build) -> list[Block]:
    instruments = list(Instrument.objects.order_by("name", "code"))
    if not instruments:
        return [NotKept("No outcome questionnaires are kept in WaRP yet, so there are no outcome measures.")]
    rows: list[list[Value]] = []
    for instrument in instruments:
        report = outcomes_report(instrument=instrument, start=build.start, end=build.end)
        if build.suppressed:
            report = measures_disclosure.for_commissioners(report, build.rule)
        f = report.figures
        rows.append(
            [
                report.instrument_name,
                f.pairs,
                _text(f.baseline_mean),
                _text(f.follow_up_mean),
                _text(f.mean_change),
                f.reliably_improved,
                f.reliably_deteriorated,
            ]
        )
    return [
        Table(
            "Outcome measures: before and after",
            ["Questionnaire", "Pairs", "Mean before", "Mean after", "Mean change", "Improved", "Worse"],
            rows,
            [False, True, True, True, True, True, True],
            note="Improved and worse: a reliable change, by the questionnaire's own threshold.",
        )
    ]


def service_use(build: Build) -> list[Block]:
    report = service_use_report(start=build.start, end=build.end)
    if build.suppressed:
        report = service_use_disclosure.for_commissioners(report, build.rule)
    if report.people == 0:
        return [Text("Nobody answered the service use questions before and after in this period.")]
    return [
        Table(
            "Use of services a month, before and after",
            ["Service", "Before", "After"],
            [[row.label, _text(row.before_per_month), _text(row.after_per_month)] for row in report.services],
            [False, True, True],
            note=" ".join(report.notes),
        ),
        Figures(
            [
                Figure("People who answered before and after", report.people),
                Figure("Cost a month before (£)", _text(report.cost_before_per_month)),
                Figure("Cost a month after (£)", _text(report.cost_after_per_month)),
            ]
        ),
    ]


def workshops(build: Build) -> list[Block]:
    report = build.evaluation
    blocks: list[Block] = []
    held = report.workshops
    if held is not None:
        blocks += [
            Figures(
                [
                    Figure("Skills workshops held", held.sessions),
                    Figure("Attendances", held.attendances),
                    Figure("Wards and services", held.settings),
                    Figure("Led by a peer and a clinician together", percent(held.co_facilitated_percent)),
                ]
            ),
            Table(
                "Skills workshops by ward or service",
                ["Ward or service", "Workshops", "Attendances"],
                [[row.label, row.sessions, row.attendances] for row in held.by_setting],
                [False, True, True],
            ),
        ]
    activities = report.activities
    if activities is not None and activities.by_activity:
        blocks.append(
            Table(
                "Groups and drop-ins",
                ["Activity", "Meetings", "Attendances"],
                [[row.label, row.meetings, row.attendances] for row in activities.by_activity],
                [False, True, True],
            )
        )
    cohorts = report.cohorts
    if cohorts is not None:
        blocks.append(
            Figures(
                [
                    Figure("Intensive courses", cohorts.cohorts),
                    Figure("Places held", cohorts.participants),
                    Figure("Completed", cohorts.completed),
                    Figure("Places given by referral", cohorts.referrals),
                ]
            )
        )
        if cohorts.before_after:
            blocks.append(
                Table(
                    "Intensive courses: questionnaires before and after",
                    ["Questionnaire", "Pairs", "Mean before", "Mean after", "Improved", "Worse"],
                    [
                        [
                            row.questionnaire_name,
                            row.pairs,
                            _text(row.baseline_mean),
                            _text(row.follow_up_mean),
                            row.reliably_improved,
                            row.reliably_deteriorated,
                        ]
                        for row in cohorts.before_after
                    ],
                    [False, True, True, True, True, True],
                )
            )
    return blocks


def local_impacts(build: Build) -> list[Block]:
    groups = work_register(today=build.end)
    if not groups:
        return [Text("No work with teams or partnership projects is on the work register yet.")]
    blocks: list[Block] = []
    for group in groups:
        rows: list[list[Value]] = []
        for team, items in group.teams:
            name = team.name if build.teams_named else "A team"
            rows += [
                [name, f"{item.get_kind_display()}: {item.summary}", item.get_state_display()]
                for item in items
            ]
            peers = len(team.peer_workers_now)  # type: ignore[attr-defined]
            if peers:
                rows.append([name, f"Peer workers in post: {build.count(peers)}", ""])
        for project in group.projects:
            rows.append([project.name, project.summary, project.get_state_display()])
        blocks.append(
            Table(
                group.kind_label, ["Team or project", "Work", "Where it stands"], rows, [False, False, False]
            )
        )
    return blocks


def teams(build: Build) -> list[Block]:
    summary = team_summary(today=build.end)
    blocks: list[Block] = [
        Text("TRIP averages are pooled over every team's latest round; no team is named."),
        Figures(
            [
                Figure("Teams in the pooled TRIP averages", build.count(summary.pooled_teams)),
                Figure("TRIP rounds in the year to the period's end", build.count(summary.rounds_last_year)),
            ]
        ),
    ]
    pooled = [(criterion, average) for criterion, average in summary.pooled_latest if average is not None]
    if pooled:
        blocks.append(
            Table(
                "TRIP: pooled average score per criterion",
                ["Criterion", "Average"],
                [[str(criterion), _text(average)] for criterion, average in pooled],
                [False, True],
            )
        )
    else:
        blocks.append(Text("Too few teams have a TRIP round for pooled averages to be shown."))
    progress = care_progress(year=build.end.year)
    shown = [row for row in progress.rows if any(cell is not None for cell in row.cells)]
    if shown:
        blocks.append(
            Table(
                "Triangle of Care: teams rating each standard fully in place",
                ["Standard", *[str(year) for year in progress.years]],
                [
                    [
                        str(row.standard),
                        *[
                            "–" if cell is None else f"{build.count(cell[0])} of {build.count(cell[1])}"
                            for cell in row.cells
                        ],
                    ]
                    for row in shown
                ],
                [False, *[True for _ in progress.years]],
            )
        )
    else:
        blocks.append(
            Text("Too few teams have rated the Triangle of Care standards for figures to be shown.")
        )
    blocks += carers(build)
    return blocks


def carers(build: Build) -> list[Block]:
    exercise = (
        PrioritisationExercise.objects.filter(held_on__range=(build.start, build.end))
        .order_by("-held_on", "-pk")
        .first()
    )
    if exercise is None:
        return [Text("No carers' priorities exercise was held in this period.")]
    results = exercise_results(exercise)
    blocks: list[Block] = [
        Text(f"Carers' priorities: {exercise.title}, held on {long_date(exercise.held_on)}."),
        Table(
            "Carers' priorities: the problems picked most",
            ["Problem", "Picks", "Rank"],
            [
                [rank.problem.name, build.count(rank.votes), f"={rank.rank}" if rank.tied else str(rank.rank)]
                for rank in results.overall
            ],
            [False, True, True],
        ),
    ]
    if results.areas:
        blocks.append(
            Table(
                "Carers' priorities: progress in each area",
                ["Area", "Average progress", "Ratings"],
                [
                    [
                        area.name,
                        percent(build.derived(_text(area.average), area.ratings)),
                        build.count(area.ratings),
                    ]
                    for area in results.areas
                ],
                [False, True, True],
            )
        )
    return blocks


def strategy(build: Build) -> list[Block]:
    challenges = list(Challenge.objects.prefetch_related("actions"))
    if not challenges:
        return [NotKept("The strategy's challenges are not kept in WaRP yet.")]
    columns = ["Challenge", "Action", "Where it stands"] + (["Who leads it"] if build.names_shown else [])
    rows: list[list[Value]] = []
    for challenge in challenges:
        for action in challenge.actions.all():
            row: list[Value] = [str(challenge), action.title, action.get_state_display()]
            if build.names_shown:
                row.append(action.owner)
            rows.append(row)
    return [Table("The strategy: challenges and actions", columns, rows, [False] * len(columns))]


def programmes(build: Build) -> list[Block]:
    staff = workforce(Placement.objects.all(), today=build.end)
    blocks: list[Block] = [
        Figures([Figure("Peer workers in post at the end of the period", build.count(staff.in_post))]),
    ]
    if staff.by_role:
        blocks.append(
            Table(
                "Peer workers in post by role",
                ["Role", "Peer workers"],
                [[role, build.count(n)] for role, n in staff.by_role],
                [False, True],
            )
        )
    mentoring = mentoring_summary(start=build.start, end=build.end)
    blocks.append(
        Figures(
            [
                Figure("Mentoring pairings", build.count(mentoring.pairings)),
                Figure("Mentors", build.count(mentoring.mentors)),
                Figure("Mentees", build.count(mentoring.mentees)),
                Figure("Mentoring meetings", build.count(mentoring.meetings)),
                Figure("Hours of mentoring", _text(build.derived(mentoring.hours, mentoring.pairings))),
            ]
        )
    )
    networks = list(Network.objects.order_by("name"))
    if networks:
        rows: list[list[Value]] = []
        for network in networks:
            counts = network_counts(network)
            rows.append(
                [
                    network.name,
                    build.count(counts.members),
                    build.count(counts.meetings),
                    build.count(counts.attendance),
                ]
            )
        blocks.append(
            Table(
                "Staff networks",
                ["Network", "Members", "Meetings", "Attendances"],
                rows,
                [False, True, True, True],
            )
        )
    years = list(AwardYear.objects.filter(year__range=(build.start.year, build.end.year)).order_by("year"))
    for award_year in years:
        nominations = award_year.nominations.count()
        winners = list(published_winners(award_year))
        blocks.append(Figures([Figure(f"Award nominations in {award_year.year}", build.count(nominations))]))
        if winners:
            blocks.append(
                Table(
                    f"Award winners {award_year.year} (named with their agreement)",
                    ["Award", "Winner"],
                    [[str(w.category), w.nominee_name] for w in winners],
                    [False, False],
                )
            )
    if not years:
        blocks.append(Text("No awards were held in this period."))
    return blocks


def national_impacts(build: Build) -> list[Block]:
    entries = ImpactEntry.objects.for_log().filter(held_on__range=(build.start, build.end))
    sections = impact_sections(entries)
    if not sections:
        return [Text("Nothing was added to the impact log for this period.")]
    blocks: list[Block] = []
    for section in sections:
        columns = ["Date", "Title", "Event or organisation", "Place"] + (
            ["People"] if build.names_shown else []
        )
        rows: list[list[Value]] = []
        for entry in section.entries:
            row: list[Value] = [long_date(entry.held_on), entry.title, entry.event, entry.place]
            if build.names_shown:
                row.append(", ".join(person.name for person in entry.people.all()))
            rows.append(row)
        blocks.append(Table(section.heading, columns, rows, [False] * len(columns)))
    return blocks


def personal_impacts(build: Build) -> list[Block]:
    """Quotes picked in the library, said in the period, whose source is still under consent now."""
    picked = [
        row for row in library(picked_only=True) if build.start <= _day(row["quote_said_on"]) <= build.end
    ]
    if not picked:
        return [Text("No quotes from this period have been picked in the quote library yet.")]
    return [Quote(row["quote_words"], _role(row["quote_by"])) for row in picked]


def _day(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _role(words: str) -> str:
    """The library's "a student" as an attribution line: "A student"."""
    return words[:1].upper() + words[1:]


def fidelity(build: Build) -> list[Block]:
    ratings = [r for r in latest_fidelity() if r.rated_on is not None and r.rated_on <= build.end]
    if not ratings:
        return [NotKept("The centre has not rated its fidelity in WaRP by the end of this period.")]
    return [
        Table(
            "Fidelity: the latest rating of each component",
            ["Component", "Level", "Rated on"],
            [[r.name, f"{r.level} of {r.out_of}", long_date(r.rated_on)] for r in ratings if r.rated_on],
            [False, False, False],
        )
    ]


BUILDERS: dict[str, Callable[[Build], list[Block]]] = {
    "strategy": strategy,
    "personal_impacts": personal_impacts,
    "college": college,
    "evaluation": evaluation,
    "workshops": workshops,
    "local_impacts": local_impacts,
    "teams": teams,
    "programmes": programmes,
    "national_impacts": national_impacts,
    "fidelity": fidelity,
}
assert set(BUILDERS) == set(COMPUTED_KEYS)  # noqa: S101 - a section without a builder is a programming error


def data_note(*, end: date) -> str:
    return f"records up to {long_date(end)}, data version {data_version()}"


def build_report(
    *,
    start: date,
    end: date,
    sections: list[str],
    narrative: dict[str, str],
    version: Version,
    title: str = "Partnership report",
) -> Report:
    """The report for [start, end] with these sections in this order. A narrative section shows the lead's
    words and is left out when they wrote none; a computed section shows its note (if any), then its blocks."""
    build = Build(start=start, end=end, version=version)
    report = Report(
        title=title,
        centre_name=settings.CENTRE_NAME,
        start=start,
        end=end,
        generated_at=timezone.now(),
        version=version,
        data_note=data_note(end=end),
    )
    for key in sections:
        kind = BY_KEY[key]
        words = narrative.get(key, "").strip()
        if kind.kind == NARRATIVE:
            if words:
                report.sections.append(Section(key=key, title=kind.title, blocks=[Narrative(words)]))
            continue
        report.sections.append(Section(key=key, title=kind.title, note=words, blocks=BUILDERS[key](build)))
    report.number_items()
    return report


def draft_report(*, start: date, end: date, version: Version = "full") -> Report:
    """A quick draft: every computed section, no narrative."""
    return build_report(start=start, end=end, sections=SECTION_KEYS, narrative={}, version=version)

from django.core.management.base import BaseCommand

from warp.bookings.services import workshop_runs_convert
from warp.core.words import count_of


class Command(BaseCommand):
    help = (
        "Turn course runs whose course is labelled a Recovery Skills Workshop into workshops held on wards "
        "and in crisis services (warp/outreach): one workshop per session, on the ward named by its venue, "
        "with the number marked present on its register (never who). Shows what would change; add --apply "
        "to do it. Running it again converts nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help="Make the changes (without it, only show what would change)."
        )

    def handle(self, *args, **options):
        result = workshop_runs_convert(apply=options["apply"])
        out = self.stdout
        if result.already_converted:
            out.write(f"Already converted before: {count_of(result.already_converted, 'course run')}.")
        if not result.runs:
            out.write("Nothing to convert: no other course runs are labelled skills workshops.")
            return
        will = "Converted" if result.applied else "Would convert"
        for plan in result.runs:
            run = plan.run
            name = f"{run.course.title}, {run.term.name} (run {run.pk})"
            if plan.refused:
                out.write(f"Left as it is: {name}. {plan.refused}")
                continue
            out.write(
                f"{will}: {name}, into {count_of(len(plan.workshops), 'workshop')} held "
                f"({count_of(plan.peer_facilitators, 'peer facilitator')}, "
                f"{count_of(plan.clinical_facilitators, 'clinical facilitator')} each):"
            )
            for each in plan.workshops:
                out.write(f"  {each.describe()}")
        converted = len(result.to_convert)
        left = len(result.runs) - converted
        summary = f"{count_of(converted, 'course run')} to convert, {left} left as {'it is' if left == 1 else 'they are'}."
        if result.applied:
            summary = (
                f"Done: {count_of(converted, 'course run')} converted into "
                f"{count_of(result.made, 'workshop')} held"
                + (
                    f" ({result.linked} already recorded, now noted as those sessions)"
                    if result.linked
                    else ""
                )
                + f"; {left} left as {'it is' if left == 1 else 'they are'}."
            )
        else:
            summary += " Nothing has changed yet: run again with --apply to convert them."
        out.write(summary)

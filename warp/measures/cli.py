"""`warp measures load FILE.json` and `warp report outcomes`: the same services and report as the pages."""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

from warp.core.exports import write_out
from warp.measures import exports
from warp.measures.disclosure import for_commissioners
from warp.measures.models import Instrument
from warp.measures.queries import outcomes_report
from warp.measures.services import instrument_load


def load_instrument(path: str) -> int:
    """Create or update the instrument a JSON file describes; a bad file changes nothing and says why."""
    file_path = Path(path)
    if not file_path.is_file():
        print(f"There is no file at {path}. Check the path and try again.")
        return 2
    try:
        instrument, outcome = instrument_load(file_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        print(f"{path} is not a text file. Save the instrument as JSON text (UTF-8) and try again.")
        return 2
    except ValidationError as exc:
        print(f"{path} was not loaded; nothing changed. Fix these and try again:")
        for name, messages in sorted(exc.message_dict.items()):
            for message in messages:
                print(f"  {name}: {message}")
        return 1
    print(f"{instrument.code}: {outcome} (version {instrument.current.number}).")
    return 0


def write_outcomes_report(
    *, code: str, start: date, end: date, fmt: str, output: str | None, suppress: bool
) -> int:
    instrument = Instrument.objects.filter(code=code).first()
    if instrument is None:
        known = ", ".join(Instrument.objects.order_by("code").values_list("code", flat=True)) or "none yet"
        print(f"There is no questionnaire with the code {code!r}. Codes: {known}.")
        return 2
    report = outcomes_report(instrument=instrument, start=start, end=end)
    if suppress:
        report = for_commissioners(report)
    if fmt == "pdf":
        if not output:
            print("A PDF needs a file to go to: add --output report.pdf")
            return 2
        return write_out(exports.report_pdf(report, base_url=str(settings.BASE_DIR)), output)
    text = {"csv": exports.report_csv, "json": exports.report_json}.get(fmt, exports.report_html)(report)
    return write_out(text, output)

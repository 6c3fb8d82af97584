"""The README's table of text messages (README "Text messages, emails and letters through GOV.UK Notify")
states each text's words, its length and whether it fits one text: they must be the texts WaRP sends."""

import re
from pathlib import Path

from warp.bookings.messages import text_previews
from warp.bookings.notify import fits_one_text, text_length

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(r"^\| (?P<name>[^|]+) \| (?P<words>[^|]+) \| (?P<length>\d+) \| (?P<fits>yes|no) \|$")


def _readme_rows() -> dict[str, tuple[str, int, bool]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Text messages, emails and letters through GOV.UK Notify", 1)[1].split(
        "\n## ", 1
    )[0]
    rows = {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match:
            rows[match["name"]] = (match["words"], int(match["length"]), match["fits"] == "yes")
    return rows


def test_the_readme_states_every_text_with_its_real_words_and_length():
    stated = _readme_rows()
    sent = {name: (words, text_length(words), fits_one_text(words)) for name, words in text_previews()}
    assert stated == sent


def test_every_text_but_a_message_staff_write_fits_one_text():
    long_ones = [
        name for name, words in text_previews() if not fits_one_text(words) and "message about" not in words
    ]
    assert long_ones == []


def test_a_character_outside_the_gsm_alphabet_halves_what_one_text_carries():
    assert fits_one_text("a" * 160) and not fits_one_text("a" * 161)
    assert not fits_one_text("“quoted”" + "a" * 70)
    assert text_length("€") == 2

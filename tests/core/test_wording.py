"""Wording rules that hold in every template and message (issue 14, defect 2.17): dates without leading
zeros, counts that agree with their words, and no message that sends people to the README.

The rules about forms (selects, hints) are checked on the rendered forms: tests/security/test_form_wording.py.
"""

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template

import warp

WARP_DIR = Path(warp.__file__).parent
# Written for whoever runs the server, where the README is the right place to look: the command line,
# the settings file and the management commands' help.
FOR_OPERATORS = ("cli.py", "settings.py", "env.py", "management/commands/")


def _templates():
    for path in sorted(WARP_DIR.glob("**/templates/**/*")):
        if path.suffix in (".html", ".txt"):
            yield path.relative_to(WARP_DIR).as_posix(), path.read_text(encoding="utf-8")


def _python_strings():
    """(where, text) of every string literal in warp/ but docstrings, from code people see the output of."""
    for path in sorted(WARP_DIR.glob("**/*.py")):
        where = path.relative_to(WARP_DIR).as_posix()
        if "/migrations/" in where or where.endswith(FOR_OPERATORS) or "management/commands/" in where:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield f"{where}:{node.lineno}", node.value


# Django's `d` is the day with a leading zero ("03"); before a month name it reads "03 March". (`j` is the
# day without one.) A backslash-escaped \d is a literal d.
_TEMPLATE_ZERO_DAY = re.compile(r'\|date:"(?:[^"\\]|\\.)*?(?<!\\)d[ ,.]*[FMNbE]')
# strftime's %d likewise ("03 March 2027"); %d/%m/%Y (what date fields show) is left alone.
_PYTHON_ZERO_DAY = re.compile(r"%d[ ,.]*%[bB]")


def test_no_date_is_written_with_a_leading_zero_before_its_month():
    offenders = [name for name, text in _templates() if _TEMPLATE_ZERO_DAY.search(text)]
    offenders += [where for where, text in _python_strings() if _PYTHON_ZERO_DAY.search(text)]
    # f-string format specs ("{day:%d %B %Y}") are string constants inside the f-string, found above.
    assert offenders == [], "Write the day without a leading zero (`j`, or long_date()): " + ", ".join(
        offenders
    )


@pytest.mark.parametrize(
    ("line", "caught"),
    [('{{ x|date:"d F Y" }}', True), ('{{ x|date:"j F Y" }}', False), ('{{ x|date:"D j M" }}', False)],
)
def test_the_leading_zero_check_tells_the_formats_apart(line, caught):
    assert bool(_TEMPLATE_ZERO_DAY.search(line)) is caught


def test_long_dates_read_as_people_write_them():
    from warp.core.words import long_date

    assert long_date(date(2027, 3, 3)) == "3 March 2027"


def test_no_message_sends_people_to_the_readme():
    offenders = [name for name, text in _templates() if "README" in text]
    offenders += [where for where, text in _python_strings() if "README" in text]
    assert offenders == [], "Say what to do in the message itself: " + ", ".join(offenders)


# A count shown beside a word that should agree with it: `{{ n }} course{{ n|pluralize }}` is right;
# `{{ n }} courses` (when n may be 1) and `{{ n }} course{{ n|pluralize }} match` are not.
_COUNT_THEN_PLURAL = re.compile(r"\{\{\s*([\w.]+(?:\|length)?)\s*\}\}\s+(?!of\b)([a-z]+s)\b(?!\{\{)", re.I)
_COUNTISH = re.compile(r"(count|total|length|^num_\w+|_n)$|\.count$")
# A verb right after a pluralized noun (a template tag between them allowed) must follow the count too.
_VERB_AFTER_PLURALIZED = re.compile(
    r"\{\{\s*([\w.|]+)\|pluralize(?::\"[^\"]*\")?\s*\}\}(?:\s*\{%[^%]*%\})?\s+(match|is|are|has|have|was|were)\b(?!\{\{)"
)
# Counts that are never 1 where they are shown (checked where they are worked out).
NEVER_ONE = {
    "summary.pooled_teams",  # shown only from SMALL_NUMBER teams up
    "small_number",
    "soon_days",
    "total_count",  # allauth's recovery codes: always a set of ten
}


def test_counts_agree_with_their_words():
    offenders = []
    for name, text in _templates():
        for count, word in _COUNT_THEN_PLURAL.findall(text):
            if count not in NEVER_ONE and _COUNTISH.search(count):
                offenders.append(f"{name}: {{{{ {count} }}}} {word}")
        for count, verb in _VERB_AFTER_PLURALIZED.findall(text):
            offenders.append(f"{name}: “{verb}” after {{{{ {count}|pluralize }}}} does not follow the count")
    assert offenders == [], "Use pluralize for the noun and the verb: " + ", ".join(offenders)


@pytest.mark.parametrize(("total", "words"), [(1, "1 course matches your choices"), (2, "2 courses match")])
def test_the_prospectus_count_agrees_with_its_verb(total, words):
    template = Template(
        (WARP_DIR / "prospectus/templates/prospectus/_listing.html")
        .read_text(encoding="utf-8")
        .split('id="results" aria-live="polite">', 1)[1]
        .split("</h2>", 1)[0]
    )
    assert words in " ".join(template.render(Context({"total": total, "filtered": True})).split())

"""A student's identities and their reviews' outcome categories, as the record pages list them: read with the
student and with the reviews (one column each), in the same order as the models' ordering (order, label)."""

import re
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_review, make_student
from warp.students.models import Identity, OutcomeCategory

pytestmark = pytest.mark.django_db


def _identities(page: str) -> str:
    return re.search(r"Identities</dt><dd[^>]*>(.*?)</dd>", page).group(1)


def _categories(page: str) -> list[str]:
    return re.findall(
        r"(?:Outcome categories|How we counted it in our evaluation)</dt><dd[^>]*>(.*?)</dd>", page
    )


def _made_identities() -> list[Identity]:
    # The first by label comes last by order; two share an order, so their labels decide.
    return [
        Identity.objects.create(code="zz-first", label="Zebra keeper", order=1),
        Identity.objects.create(code="zz-beta", label="Beta <tester> & co", order=5),
        Identity.objects.create(code="zz-alpha", label="Alpha walker", order=5),
        Identity.objects.create(code="zz-last", label="Aardvark fan", order=9),
    ]


def test_the_record_lists_identities_in_their_order_then_by_label_escaped(client_for):
    student = make_student(identities=_made_identities())
    page = client_for("admissions_tutor").get(reverse("students:student-detail", args=[student.pk])).content
    assert _identities(page.decode()) == (
        "Zebra keeper<br>Alpha walker<br>Beta &lt;tester&gt; &amp; co<br>Aardvark fan"
    )


def test_a_student_without_identities_reads_not_provided(client_for):
    student = make_student()
    page = client_for("admissions_tutor").get(reverse("students:student-detail", args=[student.pk])).content
    assert _identities(page.decode()) == "Not provided"


def test_a_students_own_record_lists_identities_in_the_same_order(client_for, personas):
    make_student(email=personas["student"].email, user=personas["student"], identities=_made_identities())
    page = client_for("student").get(reverse("students:my-record")).content.decode()
    assert _identities(page) == "Zebra keeper<br>Alpha walker<br>Beta &lt;tester&gt; &amp; co<br>Aardvark fan"


def test_each_review_lists_its_own_categories_in_their_order(client_for, personas):
    OutcomeCategory.objects.filter(code="self-esteem").update(order=1)
    OutcomeCategory.objects.filter(code="empathy").update(order=2)
    OutcomeCategory.objects.filter(code="self-management").update(order=3)
    student = make_student(email=personas["student"].email, user=personas["student"])
    make_review(student, review_date=date(2024, 3, 1), categories=("empathy", "self-esteem"))
    make_review(student, review_date=date(2024, 2, 1), categories=("self-management",))
    make_review(student, review_date=date(2024, 1, 1))
    labels = dict(OutcomeCategory.objects.values_list("code", "label"))
    expected = [
        f"{labels['self-esteem']}; {labels['empathy']}",
        labels["self-management"],
        "Not coded yet",
    ]
    tutor_page = client_for("admissions_tutor").get(reverse("students:student-detail", args=[student.pk]))
    assert _categories(tutor_page.content.decode()) == expected
    own_page = client_for("student").get(reverse("students:my-record")).content.decode()
    assert _categories(own_page) == expected

"""Who may reach which questionnaire records. Views fetch them only through these.

- instruments are the centre's reference data: centre managers and administrators define them;
- staff who see every student's record (admissions tutors, centre managers, administrators) type in paper
  forms and ask students to fill one in, for the students they may see;
- a student reaches only their own requests and their own scores.
"""

from django.http import Http404

from warp.measures.models import Instrument, MeasureRequest
from warp.students.access import own_student_record, students_visible_to
from warp.students.models import Student


def get_instrument(pk: int) -> Instrument:
    instrument = Instrument.objects.filter(pk=pk).first()
    if instrument is None:
        raise Http404("No such questionnaire")
    return instrument


def find_student(user, registration_number: str) -> Student | None:
    """The student with this registration number, if this person may see them."""
    return (
        students_visible_to(user)
        .not_erased()
        .filter(registration_number__iexact=registration_number.strip())
        .first()
    )


def get_waiting_request_for_student(user, pk: int) -> tuple[Student, MeasureRequest]:
    """The signed-in student's own request that is still waiting; 404 for anyone else's or a finished one."""
    student = own_student_record(user)
    request = (
        MeasureRequest.objects.waiting().select_related("instrument").filter(pk=pk, student=student).first()
    )
    if request is None:
        raise Http404("No such request")
    return student, request

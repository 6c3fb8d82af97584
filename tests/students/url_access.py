from tests.factories import category
from tests.url_access import (
    ACTION,
    FORBIDDEN,
    FORM,
    MANAGERS,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    READS,
    REDIRECT,
    STAFF_WITH_RECORDS,
    only,
    route,
)
from warp.students.import_jobs import student_import_start
from warp.students.imports import student_import_store
from warp.students.second_coding import review_sample_draw
from warp.students.services import review_code, review_record

CSV = b"first_name,last_name,date_of_birth,gender,postcode,email,phone,identities,registered_on\nAna,Moss,1970-02-03,,BH2 5AB,ana@example.org,,carer,2014-01-02\n"


def world(built):
    personas = built["personas"]
    own = built["sam"]
    stored = student_import_store(filename="students.csv", data=CSV, uploaded_by=personas["centre_manager"])
    student_import_start(student_import=stored)  # as the upload page does: a small file is checked at once
    review = review_record(
        student=own,
        review_date=own.registered_on,
        changes="I get out of the house more.",
        held_by=personas["admissions_tutor"],
    )
    # Sam's review, coded and drawn for a second coding (the second coding pages name it).
    review_code(review=review, categories=[category("self-management")], by=personas["admissions_tutor"])
    review_sample_draw(
        start=review.review_date, end=review.review_date, percent=100, by=personas["centre_manager"]
    )
    return {"own_student": own, "student_import": stored, "sam_review": review}


def _student(world):
    return {"pk": world["own_student"].pk}


# Sam is booked on a run the peer trainer co-delivers (tests/bookings/url_access.py builds it), and on none
# of the professional trainer's: trainers see only students booked on their own runs.
TRAINERS = {"peer_trainer": OK, "professional_trainer": NOT_FOUND}

ROUTES = {
    # Signed-in people are sent on: to their record, to register others, or to register themselves with the
    # sign-in they have (never a second account); anyone else may register.
    "students:register": route(anonymous=OK, default=REDIRECT, methods=FORM),
    # Anyone signed in without a student record; those with one are sent to it.
    "students:register-myself": route(default=OK, student=REDIRECT, methods=FORM),
    # The outsider is a student account with no student record.
    "students:my-record": route(default=FORBIDDEN, student=OK, outsider=NOT_FOUND, methods=READS),
    "students:my-contact": route(default=FORBIDDEN, student=OK, outsider=NOT_FOUND, methods=FORM),
    # Trainers see the list, filtered to students booked on their own runs.
    "students:student-list": only(
        STAFF_WITH_RECORDS + ("peer_trainer", "professional_trainer"), methods=READS
    ),
    "students:student-export": only(STAFF_WITH_RECORDS, query="?format=csv", methods=READS),
    "students:staff-register": only(STAFF_WITH_RECORDS, methods=FORM),
    "students:waiting-list": only(STAFF_WITH_RECORDS, methods=READS),
    "students:student-detail": route(
        default=FORBIDDEN, kwargs=_student, **{r: OK for r in STAFF_WITH_RECORDS}, **TRAINERS, methods=READS
    ),
    "students:student-edit": only(STAFF_WITH_RECORDS, kwargs=_student, methods=FORM),
    "students:plan-contacts": only(STAFF_WITH_RECORDS, kwargs=_student, methods=FORM),
    "students:student-status": only(
        STAFF_WITH_RECORDS,
        allowed=NOT_ALLOWED,
        kwargs=lambda world: {**_student(world), "change": "back"},
        methods=ACTION,
    ),
    "students:learning-plan": only(STAFF_WITH_RECORDS, kwargs=_student, methods=FORM),
    # Learning Plan Reviews: admissions tutors and managers only (a student sees theirs on "Your record").
    "students:review-record": only(STAFF_WITH_RECORDS, kwargs=_student, methods=FORM),
    "students:review-coding": only(STAFF_WITH_RECORDS, methods=READS),
    "students:review-code": only(
        STAFF_WITH_RECORDS, kwargs=lambda w: {"pk": w["sam_review"].pk}, methods=FORM
    ),
    # Double coding: managers draw the sample; admissions tutors and managers code and agree.
    "students:second-coding": only(STAFF_WITH_RECORDS, methods=READS),
    "students:second-coding-sample": only(MANAGERS, methods=FORM),
    "students:review-second-code": only(
        STAFF_WITH_RECORDS, kwargs=lambda w: {"pk": w["sam_review"].pk}, methods=FORM
    ),
    "students:coding-disagreements": only(STAFF_WITH_RECORDS, methods=READS),
    "students:review-agree": only(
        STAFF_WITH_RECORDS, kwargs=lambda w: {"pk": w["sam_review"].pk}, methods=FORM
    ),
    "students:service-area": only(MANAGERS, methods=FORM),
    "students:import-upload": only(MANAGERS, methods=FORM),
    # An upload (its file and stored dry run) is seen only by whoever uploaded it: here the centre manager.
    "students:import-preview": route(
        default=FORBIDDEN,
        centre_manager=OK,
        administrator=NOT_FOUND,
        kwargs=lambda w: {"pk": w["student_import"].pk},
        methods=FORM,
    ),
}

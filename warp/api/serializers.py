"""What the API's lists show: the same columns as the pages they mirror, and no more."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "10:00"})
class LocalTime(serializers.Field):
    """A session's clock time at the centre (HH:MM, the centre's local time), as the pages show it.

    Not an RFC 3339 "time": that needs an offset from UTC, which a time of day without a date cannot have."""

    def to_representation(self, value) -> str:
        return value.strftime("%H:%M")


class StudentRow(serializers.Serializer):
    """A row of the student list (students/): what the page shows."""

    id = serializers.IntegerField(source="pk")
    registration_number = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.CharField()
    postcode = serializers.CharField()
    registered_on = serializers.DateField()
    status = serializers.CharField()
    is_historic = serializers.BooleanField(help_text="Imported from the centre's records before WaRP.")


class TrainerSession(serializers.Serializer):
    """One session of a run the trainer co-delivers, as on their sessions page."""

    id = serializers.IntegerField(source="pk")
    course = serializers.CharField(source="course_run.course.title")
    course_run = serializers.IntegerField(source="course_run_id")
    date = serializers.DateField()
    starts_at = LocalTime()
    ends_at = LocalTime()
    venue = serializers.CharField(source="venue.name", default="", allow_blank=True)
    is_online = serializers.BooleanField()
    booked = serializers.IntegerField(source="booked_count")
    marked = serializers.IntegerField(source="marked_count")


class RegisterLine(serializers.Serializer):
    booking = serializers.IntegerField(source="pk")
    student = serializers.IntegerField(source="student_id")
    first_name = serializers.CharField(source="student.first_name")
    last_name = serializers.CharField(source="student.last_name")
    mark = serializers.CharField(
        allow_null=True, help_text="present, absent, apologies; null before it is marked"
    )
    support_needs = serializers.CharField(
        help_text="Only what the student agreed to share with their trainers."
    )


class Register(serializers.Serializer):
    session = serializers.IntegerField()
    course = serializers.CharField()
    date = serializers.DateField()
    starts_at = LocalTime()
    ends_at = LocalTime()
    students = RegisterLine(many=True)


class ProspectusSession(serializers.Serializer):
    date = serializers.DateField()
    starts_at = LocalTime()
    ends_at = LocalTime()
    venue = serializers.CharField(source="venue.name", default="", allow_blank=True)
    locality = serializers.CharField(source="venue.locality", default="", allow_blank=True)
    is_online = serializers.BooleanField()


class ProspectusRun(serializers.Serializer):
    """A published course run, as the public prospectus shows it."""

    id = serializers.IntegerField(source="pk")
    course = serializers.CharField(source="course.title")
    summary = serializers.CharField(source="course.summary")
    theme = serializers.CharField(source="course.theme")
    level = serializers.CharField(source="course.level")
    term = serializers.CharField(source="term.name")
    places = serializers.IntegerField()
    places_left = serializers.IntegerField()
    booking_opens_at = serializers.DateTimeField(allow_null=True)
    booking_closes_at = serializers.DateTimeField(allow_null=True)
    sessions = ProspectusSession(many=True)


class ProspectusQuery(serializers.Serializer):
    term = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="A term's id; without it, the term the prospectus opens on (the current or next one).",
    )

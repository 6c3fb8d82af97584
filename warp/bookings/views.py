"""Students' pages: their bookings, booking a place, cancelling, offers, certificates and calendar feed."""

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from warp import audit
from warp.accounts.access import STUDENT_RECORD_ROLES, SignedInRequest, public, role_required
from warp.accounts.models import Role
from warp.bookings import queries
from warp.bookings.access import get_booking_for, get_live_feed
from warp.bookings.documents import calendar_ics, certificate_pdf
from warp.bookings.forms import CancelForm, StaffCancelForm
from warp.bookings.models import BookingStatus, CalendarFeed
from warp.bookings.services import (
    BookingRefused,
    BookingResult,
    booking_cancel,
    booking_create,
    booking_offer_accept,
    booking_offer_decline,
    calendar_feed_renew,
    calendar_feed_revoke,
    level_refusal,
    message_delivery_record,
    text_reply_receive,
)
from warp.prospectus.models import CourseRun, RunStatus
from warp.students.access import own_student_record


def _tell(request: SignedInRequest, result: BookingResult) -> None:
    booking = result.booking
    title = booking.course_run.course.title
    if booking.status == BookingStatus.BOOKED:
        messages.success(request, f"You have a place on {title}. We have sent the details.")
    else:
        messages.info(
            request,
            f"{title} is full, so you are on the waiting list. We will offer you a place as soon as one comes free.",
        )
    for clash in result.clashes:
        messages.warning(request, f"Please check your dates: {clash}")


@role_required(Role.STUDENT)
@require_safe
def portal(request: SignedInRequest) -> HttpResponse:
    student = own_student_record(request.user)
    audit.record(
        request=request, action="view", model="bookings.Booking", student_id=student.pk, note="Portal"
    )
    bookings = list(queries.bookings_for_portal(student))
    feed = CalendarFeed.objects.filter(student=student, revoked_at__isnull=True).first()
    feed_url = (
        request.build_absolute_uri(reverse("bookings:calendar-feed", args=[feed.token])) if feed else ""
    )
    return render(
        request,
        "bookings/portal_show.html",
        {
            "student": student,
            "live": [b for b in bookings if b.status != BookingStatus.CANCELLED],
            "cancelled": [b for b in bookings if b.status == BookingStatus.CANCELLED][:10],
            "sessions": list(queries.upcoming_sessions_for(student)[:20]),
            "feed": feed,
            "feed_url": feed_url,
            # The same address for calendar apps: webcal: asks the device to subscribe rather than download.
            "feed_webcal": "webcal://" + feed_url.split("://", 1)[1] if feed else "",
            "today": timezone.localdate(),
        },
    )


@role_required(Role.STUDENT)
def book(request: SignedInRequest, run_pk: int) -> HttpResponse:
    student = own_student_record(request.user)
    run = get_object_or_404(
        CourseRun.objects.select_related("course", "term"), pk=run_pk, status=RunStatus.PUBLISHED
    )
    existing = run.bookings.filter(student=student).exclude(status=BookingStatus.CANCELLED).first()
    refusal = level_refusal(run, by=request.user)  # said before anyone presses "Book"
    if request.method == "POST" and refusal is None:
        try:
            result = booking_create(student=student, course_run=run, by=request.user)
        except BookingRefused as refused:
            refusal = str(refused)
        else:
            _tell(request, result)
            return redirect("bookings:portal")
    sessions = run.sessions.select_related("venue")
    return render(
        request,
        "bookings/booking_create.html",
        {"run": run, "sessions": sessions, "existing": existing, "refusal": refusal, "student": student},
    )


@role_required(Role.STUDENT, *STUDENT_RECORD_ROLES)
def booking_cancel_view(request: SignedInRequest, pk: int) -> HttpResponse:
    booking = get_booking_for(request.user, pk)
    is_staff = request.user.role != Role.STUDENT
    done = (
        redirect("bookings:student-bookings", pk=booking.student_id)
        if is_staff
        else redirect("bookings:portal")
    )
    if booking.status == BookingStatus.CANCELLED:
        messages.info(request, "This booking was already cancelled.")
        return done
    form = (StaffCancelForm if is_staff else CancelForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        booking_cancel(booking=booking, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"The booking on {booking.course_run.course.title} is cancelled.")
        return done
    if is_staff:  # the page names the student for the member of staff
        audit.record(
            request=request, action="view", obj=booking, student_id=booking.student_id, note="Cancel page"
        )
    return render(
        request, "bookings/booking_cancel.html", {"booking": booking, "form": form, "is_staff": is_staff}
    )


@role_required(Role.STUDENT)
@require_POST
def offer_accept(request: SignedInRequest, pk: int) -> HttpResponse:
    booking = get_booking_for(request.user, pk)
    try:
        booking_offer_accept(booking=booking, by=request.user)
    except BookingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"You have a place on {booking.course_run.course.title}.")
    return redirect("bookings:portal")


@role_required(Role.STUDENT)
@require_POST
def offer_decline(request: SignedInRequest, pk: int) -> HttpResponse:
    booking = get_booking_for(request.user, pk)
    try:
        booking_offer_decline(booking=booking, by=request.user)
    except BookingRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.info(request, "Thank you for letting us know. We have offered the place to the next person.")
    return redirect("bookings:portal")


@role_required(Role.STUDENT)
@require_safe
def certificate(request: SignedInRequest, pk: int) -> HttpResponse:
    """Only for the student's own booking, and only once they have completed the run (404 otherwise)."""
    booking = get_booking_for(request.user, pk)
    progress = (
        queries.bookings_with_progress()  # type: ignore[misc]  # annotated
        .filter(pk=booking.pk, status=BookingStatus.BOOKED)
        .values("completed", "present_count", "session_count")
        .first()
    )
    if progress is None or not progress["completed"]:
        raise Http404("No certificate for this booking")
    audit.record(
        request=request, action="export", obj=booking, student_id=booking.student_id, note="Certificate"
    )
    pdf = certificate_pdf(
        booking=booking, present_count=progress["present_count"], session_count=progress["session_count"]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{booking.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.STUDENT)
@require_POST
def calendar_renew(request: SignedInRequest) -> HttpResponse:
    calendar_feed_renew(student=own_student_record(request.user))
    messages.success(request, "Your new calendar link is ready. Any old link has stopped working.")
    return redirect("bookings:portal")


@role_required(Role.STUDENT)
@require_POST
def calendar_revoke(request: SignedInRequest) -> HttpResponse:
    calendar_feed_revoke(student=own_student_record(request.user))
    messages.success(request, "Your calendar link has stopped working. You can make a new one at any time.")
    return redirect("bookings:portal")


@public
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The secret address itself is the key: no sign-in, so phone calendars can fetch it. 404 once revoked."""
    feed = get_live_feed(token)
    response = HttpResponse(calendar_ics(student=feed.student), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


# GOV.UK Notify's callbacks: Notify posts JSON with "Authorization: Bearer WARP_NOTIFY_CALLBACK_TOKEN".
# Nobody signs in; without the token (or when no token is set) nothing is read or changed: 401.


def _notify_caller(request: HttpRequest) -> bool:
    expected = settings.WARP_NOTIFY_CALLBACK_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return (
        bool(expected)
        and scheme.lower() == "bearer"
        and hmac.compare_digest(given.strip().encode(), expected.encode())
    )


def _notify_json(request: HttpRequest) -> dict | HttpResponse:
    if not _notify_caller(request):
        response = HttpResponse("A bearer token is needed.", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = "Bearer"
        return response
    try:
        data = json.loads(request.body)
    except ValueError:
        return HttpResponseBadRequest("Send JSON.", content_type="text/plain")
    if not isinstance(data, dict):
        return HttpResponseBadRequest("Send a JSON object.", content_type="text/plain")
    return data


@csrf_exempt
@public
@require_POST
def notify_delivery(request: HttpRequest) -> HttpResponse:
    """A delivery receipt: {"id": ..., "status": ...}. 204 when kept (or for an id WaRP never sent)."""
    data = _notify_json(request)
    if isinstance(data, HttpResponse):
        return data
    try:
        message_delivery_record(notify_id=str(data.get("id", "")), status=str(data.get("status", "")))
    except ValidationError:
        return HttpResponseBadRequest("Unknown status.", content_type="text/plain")
    return HttpResponse(status=204)


@csrf_exempt
@public
@require_POST
def notify_received_text(request: HttpRequest) -> HttpResponse:
    """A text a student sent back: {"source_number": ..., "message": ...}. STOP stops texts to them."""
    data = _notify_json(request)
    if isinstance(data, HttpResponse):
        return data
    text_reply_receive(from_number=str(data.get("source_number", "")), text=str(data.get("message", "")))
    return HttpResponse(status=204)

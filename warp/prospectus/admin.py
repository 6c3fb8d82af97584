"""Read-only: the prospectus is planned on WaRP's own pages (Prospectus -> courses, venues, terms, runs),
where the co-delivery rule and the status rules are checked; each change page links there."""

from django.contrib import admin
from django.urls import reverse

from warp.core.admin import ReadOnlyTabularInline, ServiceOwnedAdmin
from warp.prospectus.models import CoProducer, Course, CourseRun, CourseRunTrainer, Session, Term, Venue


class CoProducerInline(ReadOnlyTabularInline):
    model = CoProducer


@admin.register(Course)
class CourseAdmin(ServiceOwnedAdmin):
    list_display = ["title", "theme", "level", "review_date", "is_historic"]
    list_filter = ["level", "theme", "is_historic"]
    search_fields = ["title"]
    inlines = [CoProducerInline]

    def warp_url(self, obj):
        return reverse("prospectus:course-update", args=[obj.pk])


class SessionInline(ReadOnlyTabularInline):
    model = Session


class CourseRunTrainerInline(ReadOnlyTabularInline):
    model = CourseRunTrainer


@admin.register(CourseRun)
class CourseRunAdmin(ServiceOwnedAdmin):
    list_display = ["course", "term", "places", "status"]
    list_filter = ["term", "status"]
    list_select_related = ["course", "term"]
    inlines = [CourseRunTrainerInline, SessionInline]

    def warp_url(self, obj):
        return reverse("prospectus:run-update", args=[obj.pk])


@admin.register(Term)
class TermAdmin(ServiceOwnedAdmin):
    def warp_url(self, obj):
        return reverse("prospectus:term-detail", args=[obj.pk])


@admin.register(Venue)
class VenueAdmin(ServiceOwnedAdmin):
    def warp_url(self, obj):
        return reverse("prospectus:venue-update", args=[obj.pk])

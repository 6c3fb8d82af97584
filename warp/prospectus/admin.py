from django.contrib import admin

from warp.prospectus.models import CoProducer, Course, CourseRun, CourseRunTrainer, Session, Term, Venue


class CoProducerInline(admin.TabularInline):
    model = CoProducer
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "level", "review_date", "is_historic"]
    list_filter = ["level", "theme", "is_historic"]
    search_fields = ["title"]
    inlines = [CoProducerInline]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class CourseRunTrainerInline(admin.TabularInline):
    model = CourseRunTrainer
    extra = 0


@admin.register(CourseRun)
class CourseRunAdmin(admin.ModelAdmin):
    list_display = ["course", "term", "places", "status"]
    list_filter = ["term", "status"]
    list_select_related = ["course", "term"]
    inlines = [CourseRunTrainerInline, SessionInline]


admin.site.register(Term)
admin.site.register(Venue)

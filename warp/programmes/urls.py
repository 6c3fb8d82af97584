from django.urls import path

from warp.programmes.views import awards, mentoring, network, workforce

app_name = "programmes"
urlpatterns = [
    # Peer workforce
    path("workforce/", workforce.workforce, name="workforce"),
    path("workforce/new/", workforce.worker_create, name="worker-create"),
    path("workforce/<int:pk>/", workforce.worker_detail, name="worker-detail"),
    path("workforce/<int:pk>/edit/", workforce.worker_edit, name="worker-edit"),
    path("workforce/<int:pk>/place/", workforce.placement_create, name="placement-create"),
    path("workforce/<int:pk>/training/", workforce.training_create, name="training-create"),
    path("workforce/<int:pk>/supervision/", workforce.supervision_create, name="supervision-create"),
    path("workforce/placements/<int:pk>/end/", workforce.placement_end, name="placement-end"),
    # Lived-experience mentoring
    path("mentoring/", mentoring.mentoring, name="mentoring"),
    path("mentoring/summary.csv", mentoring.mentoring_csv, name="mentoring-csv"),
    path("mentoring/mentors/new/", mentoring.mentor_create, name="mentor-create"),
    path("mentoring/mentees/new/", mentoring.mentee_create, name="mentee-create"),
    path("mentoring/pairings/new/", mentoring.pairing_create, name="pairing-create"),
    path("mentoring/pairings/<int:pk>/", mentoring.pairing_detail, name="pairing-detail"),
    path("mentoring/pairings/<int:pk>/end/", mentoring.pairing_end, name="pairing-end"),
    path("mentoring/pairings/<int:pk>/meeting/", mentoring.meeting_create, name="meeting-create"),
    path("mentoring/pairings/<int:pk>/evaluation/", mentoring.evaluation_create, name="evaluation-create"),
    path(
        "mentoring/pairings/<int:pk>/evaluation/consent/",
        mentoring.evaluation_consent,
        name="evaluation-consent",
    ),
    # The staff network
    path("network/", network.network, name="network"),
    path("network/join/", network.network_join, name="network-join"),
    path("network/leave/", network.network_leave, name="network-leave"),
    path("network/members/", network.network_members, name="network-members"),
    path("network/meetings/new/", network.network_meeting_create, name="network-meeting-create"),
    path("network/actions/new/", network.network_action_create, name="network-action-create"),
    path("network/actions/<int:pk>/", network.network_action_edit, name="network-action-edit"),
    path("network/guidance/", network.network_guidance, name="network-guidance"),
    path("network/buddies/new/", network.buddy_create, name="buddy-create"),
    path("network/buddies/<int:pk>/end/", network.buddy_end, name="buddy-end"),
    path("network/coordinators/", network.network_coordinators, name="network-coordinators"),
    # The awards
    path("awards/", awards.awards, name="awards"),
    path("awards/new/", awards.award_year_create, name="award-year-create"),
    path("awards/categories/new/", awards.category_create, name="category-create"),
    path("awards/categories/<int:pk>/", awards.category_edit, name="category-edit"),
    path("awards/<int:pk>/", awards.award_year_detail, name="award-year-detail"),
    path("awards/<int:pk>/edit/", awards.award_year_edit, name="award-year-edit"),
    path("awards/<int:pk>/judges/", awards.judge_add, name="judge-add"),
    path("awards/nominations/<int:pk>/", awards.nomination_detail, name="nomination-detail"),
    path("awards/nominations/<int:pk>/consent/", awards.nomination_consent, name="nomination-consent"),
    path(
        "awards/nominations/<int:pk>/nominator-consent/",
        awards.nomination_nominator_consent,
        name="nomination-nominator-consent",
    ),
    path("awards/nominations/<int:pk>/student/", awards.nomination_student, name="nomination-student"),
    path("awards/nominations/<int:pk>/shortlist/", awards.nomination_shortlist, name="nomination-shortlist"),
    path("awards/nominations/<int:pk>/winner/", awards.nomination_winner, name="nomination-winner"),
    path("awards/judging/", awards.judging, name="judging"),
    path("awards/judging/<int:pk>/", awards.judge_nomination, name="judge-nomination"),
    path("awards/<int:year>/winners/", awards.winners, name="winners"),
    path("nominate/<str:token>/", awards.nominate, name="nominate"),
    path("nominate/<str:token>/thanks/", awards.nominate_thanks, name="nominate-thanks"),
]

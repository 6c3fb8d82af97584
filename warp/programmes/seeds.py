"""Reference data the programmes start with; all of it editable afterwards. Our own words."""

PEER_ROLES = [
    ("Peer specialist", "Works in a team, drawing on their own lived experience of mental-health problems."),
    ("Peer support worker", "Offers support to people using a service, from shared experience."),
    ("Peer trainer", "Co-delivers courses and training from their lived experience."),
    ("Peer carer", "Supports carers, drawing on their own experience of caring."),
]

AWARD_CATEGORIES = [
    ("Strength", "For someone who kept going through a hard time."),
    ("Courage", "For someone who faced something difficult and took a brave step."),
    ("Compassion", "For someone who showed care and understanding to others."),
    ("Kindness", "For someone whose kindness made a difference to people around them."),
    ("Inspiration", "For someone whose journey gives others hope."),
]

# The end-of-pairing evaluation: (text, kind). Written for WaRP; change them in the admin.
EVALUATION_QUESTIONS = [
    ("How much did the mentoring change how you think about recovery?", "score"),
    ("How much will it change how you work with the people you see?", "score"),
    ("How comfortable did you feel talking with your mentor?", "score"),
    ("What was the most useful thing you learned?", "words"),
    ("Would you suggest anything we could do differently?", "words"),
]

NETWORK_NAME = "Hidden Talents"
NETWORK_GUIDANCE = (
    "Telling colleagues about your own experience of mental-health problems is your choice, and you can "
    "take it one step at a time. Think about who you want to tell, what you want them to know, and what "
    "support you would like. Joining this network tells only its coordinators; nobody else can see who the "
    "members are. You can leave at any time, and your membership is then deleted."
)


def seed(apps, schema_editor) -> None:
    PeerRole = apps.get_model("programmes", "PeerRole")
    for order, (name, description) in enumerate(PEER_ROLES, start=1):
        PeerRole.objects.get_or_create(name=name, defaults={"description": description, "order": order})
    AwardCategory = apps.get_model("programmes", "AwardCategory")
    for order, (name, description) in enumerate(AWARD_CATEGORIES, start=1):
        AwardCategory.objects.get_or_create(name=name, defaults={"description": description, "order": order})
    EvaluationQuestion = apps.get_model("programmes", "EvaluationQuestion")
    if not EvaluationQuestion.objects.exists():
        for order, (text, kind) in enumerate(EVALUATION_QUESTIONS, start=1):
            EvaluationQuestion.objects.create(text=text, kind=kind, order=order)
    Network = apps.get_model("programmes", "Network")
    Network.objects.get_or_create(name=NETWORK_NAME, defaults={"guidance": NETWORK_GUIDANCE})

"""The standard feedback questions. Centres edit them and add their own in the admin."""

from django.db import migrations

STANDARD_QUESTIONS = [
    {
        "code": "would_attend_again",
        "text": "Would you attend another course?",
        "kind": "choice",
        "choices": "yes: Yes\nno: No\nnot_sure: Not sure",
        "order": 10,
    },
    {
        "code": "rating",
        "text": "Overall, how would you rate this course?",
        "kind": "rating",
        "help_text": "1 is poor and 5 is excellent.",
        "order": 20,
    },
    {"code": "helped", "text": "What helped you?", "kind": "text", "order": 30},
    {"code": "could_be_better", "text": "What could be better?", "kind": "text", "order": 40},
    {
        "code": "co_delivery",
        "text": "How did it work for you to be taught by a peer trainer and a professional trainer together?",
        "kind": "text",
        "order": 50,
    },
]


def add_questions(apps, schema_editor):
    FeedbackQuestion = apps.get_model("feedback", "FeedbackQuestion")
    for question in STANDARD_QUESTIONS:
        FeedbackQuestion.objects.get_or_create(code=question["code"], defaults=question)


def remove_questions(apps, schema_editor):
    FeedbackQuestion = apps.get_model("feedback", "FeedbackQuestion")
    FeedbackQuestion.objects.filter(code__in=[q["code"] for q in STANDARD_QUESTIONS], answers=None).delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(add_questions, remove_questions)]

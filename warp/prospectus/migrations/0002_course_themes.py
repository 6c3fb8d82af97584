"""The list of course themes centre managers keep, filled from the free-text themes courses had.

Each distinct theme becomes one entry; near-duplicates (the same words in another case, spacing,
punctuation, "&" for "and" or a plural "s": prospectus.models.theme_key) become one entry, named as most
courses wrote it, and those courses take that name. No course loses its theme."""

from collections import Counter, defaultdict

from django.db import migrations, models


def key(name: str) -> str:
    # A copy of prospectus.models.theme_key as it was when this migration was written (migrations must not
    # change when the model's code does).
    words = "".join(c if c.isalnum() else " " for c in name.casefold().replace("&", " and ")).split()
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in words)


def themes_into_the_list(apps, schema_editor):
    Course = apps.get_model("prospectus", "Course")
    CourseTheme = apps.get_model("prospectus", "CourseTheme")
    courses = [
        (pk, theme, " ".join(theme.split()))
        for pk, theme in Course.objects.exclude(theme="").values_list("pk", "theme")
    ]
    spellings: dict[str, Counter] = defaultdict(Counter)
    for _pk, _theme, tidy in courses:
        if tidy:
            spellings[key(tidy)][tidy] += 1
    listed = {}
    for theme_key, counts in spellings.items():
        # The spelling most courses used; on a tie, one with a capital and "and" written out, then the
        # first in alphabetical order.
        name = sorted(counts.items(), key=lambda item: (-item[1], "&" in item[0], not item[0][:1].isupper(), item[0]))[
            0
        ][0]
        CourseTheme.objects.create(name=name, key=theme_key)
        listed[theme_key] = name
    for pk, theme, tidy in courses:
        name = listed.get(key(tidy), "") if tidy else ""
        if name != theme:
            Course.objects.filter(pk=pk).update(theme=name)


class Migration(migrations.Migration):
    dependencies = [("prospectus", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="CourseTheme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                (
                    "key",
                    models.CharField(editable=False, help_text="See theme_key.", max_length=100, unique=True),
                ),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.AlterField(
            model_name="course",
            name="theme",
            field=models.CharField(
                blank=True, help_text="One of the course themes (CourseTheme), or none.", max_length=100
            ),
        ),
        migrations.RunPython(themes_into_the_list, migrations.RunPython.noop),
    ]

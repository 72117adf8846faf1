"""A hide's reason, note and origin as fields (Comment.hidden_reason was one string:
"<reason>: <note>" for a moderator's hide, "auto:<reason>" for the report threshold's).

Two steps: this one adds the fields and converts the rows; the next narrows hidden_reason to
a Reason code (on PostgreSQL a table is not altered in the transaction that updated its rows).
"""

from django.db import migrations, models

REASONS = {"spam", "abuse", "off_topic", "personal_data", "misinformation", "other"}


def parse(text):
    """(reason code, note, automatic) from the old string, as moderation's template tag read it."""
    text = text or ""
    if text.startswith("auto:"):
        code = text[5:]
        return (code, "", True) if code in REASONS else ("", "", True)
    code, _sep, note = text.partition(": ")
    if code in REASONS:
        return code, note, False
    return "", text, False


def split_reasons(apps, schema_editor):
    model = apps.get_model("comments", "Comment")
    for row in model.objects.exclude(hidden_reason="").only("pk", "hidden_reason").iterator():
        code, note, automatic = parse(row.hidden_reason)
        model.objects.filter(pk=row.pk).update(hidden_reason=code, hidden_note=note, hidden_automatically=automatic)


def join_reasons(apps, schema_editor):
    model = apps.get_model("comments", "Comment")
    rows = model.objects.exclude(hidden_reason="", hidden_note="").only("pk", "hidden_reason", "hidden_note", "hidden_automatically")
    for row in rows.iterator():
        if row.hidden_automatically:
            text = f"auto:{row.hidden_reason}"
        elif row.hidden_reason and row.hidden_note:
            text = f"{row.hidden_reason}: {row.hidden_note}"
        else:
            text = row.hidden_reason or row.hidden_note
        model.objects.filter(pk=row.pk).update(hidden_reason=text[:200])


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0004_stored_html"),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="hidden_note",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="comment",
            name="hidden_automatically",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(split_reasons, join_reasons),
    ]

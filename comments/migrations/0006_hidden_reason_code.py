from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("comments", "0005_hidden_reason_note_automatic"),
    ]

    operations = [
        migrations.AlterField(
            model_name="comment",
            name="hidden_reason",
            field=models.CharField(
                blank=True,
                choices=[
                    ("spam", "Spam"),
                    ("abuse", "Abuse or harassment"),
                    ("off_topic", "Off-topic"),
                    ("personal_data", "Personal data"),
                    ("misinformation", "Misinformation"),
                    ("other", "Other"),
                ],
                max_length=16,
            ),
        ),
    ]

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("issues", "0006_hidden_reason_note_automatic"),
    ]

    operations = [
        migrations.AlterField(
            model_name="issue",
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

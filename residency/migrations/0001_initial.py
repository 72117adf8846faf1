# The model moved here from accounts; its table (accounts_residencyrequest) and rows stay where they are.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    """Admin log entries and permissions that named accounts.residencyrequest name residency's now."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="residency", model="residencyrequest").exists():
        ContentType.objects.filter(app_label="accounts", model="residencyrequest").update(app_label="residency")


def label_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="accounts", model="residencyrequest").exists():
        ContentType.objects.filter(app_label="residency", model="residencyrequest").update(app_label="accounts")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0005_account_erasure"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ResidencyRequest",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("rt", models.CharField(blank=True, max_length=3, verbose_name="RT")),
                        ("rw", models.CharField(blank=True, max_length=3, verbose_name="RW")),
                        ("street", models.CharField(blank=True, max_length=200, verbose_name="street and house")),
                        ("note", models.CharField(blank=True, max_length=300, verbose_name="note for the verifier")),
                        ("address_key", models.CharField(blank=True, editable=False, max_length=255)),
                        ("state", models.CharField(choices=[("pending", "Waiting for a decision"), ("approved", "Approved"), ("declined", "Declined"), ("withdrawn", "Withdrawn (moved home)")], default="pending", max_length=12)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("decided_via", models.CharField(blank=True, help_text="queue, or the command that decided", max_length=40)),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                        ("matches_shown", models.JSONField(blank=True, default=list, editable=False)),
                        ("area", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="residency_requests", to="accounts.area", verbose_name="area")),
                        ("decided_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="residency_requests", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "residency request",
                        "verbose_name_plural": "residency requests",
                        "db_table": "accounts_residencyrequest",
                        "ordering": ["-created_at", "-pk"],
                        "indexes": [models.Index(fields=["area", "address_key"], name="residency_household")],
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("state", "pending")), fields=("user",), name="residency_one_pending_request"),
                            models.CheckConstraint(condition=models.Q(("state__in", ["pending", "approved", "declined", "withdrawn"])), name="residency_request_state_valid"),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_type, label_back),
    ]

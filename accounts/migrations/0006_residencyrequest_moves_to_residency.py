# ResidencyRequest now lives in the residency app (residency.0001 takes it into its state);
# here it only leaves accounts' state: the table and its rows are not touched.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_account_erasure"),
        ("residency", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ResidencyRequest")],
            database_operations=[],
        ),
    ]

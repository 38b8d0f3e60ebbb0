"""Each attempt records who answered (the patient or a caregiver), as they said at the identity check: the
red-flag triage reads a caregiver's "my husband's face is drooping" as the patient's. Existing records: not known."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0013_record_patient"),
    ]

    operations = [
        migrations.AddField(
            model_name="callrecord",
            name="answered_by",
            field=models.CharField(
                blank=True,
                choices=[("patient", "The patient"), ("caregiver", "A caregiver")],
                help_text="Who answered, as said at the identity check: the patient or a caregiver; blank if not known.",
                max_length=16,
            ),
        ),
    ]

"""The calls list counts every call of the nurse's clinics on each page: a one-column clinic index
lets PostgreSQL count through the index (deduplicated: a few pages at 50,000 calls) instead of
reading the whole table."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0011_call_language_hold"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="callscheduleitem",
            index=models.Index(fields=["clinic"], name="call_clinic_idx"),
        ),
    ]

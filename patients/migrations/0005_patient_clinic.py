"""Every patient belongs to a clinic: existing patients go to the default clinic (postop.0003)."""

import django.db.models.deletion
from django.db import migrations, models


def assign_default_clinic(apps, schema_editor):
    Clinic = apps.get_model("postop", "Clinic")
    Patient = apps.get_model("patients", "Patient")
    clinic = Clinic.objects.get(is_default=True)
    Patient.objects.filter(clinic__isnull=True).update(clinic=clinic)


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0004_birth_date_bounds_and_discharge_warnings"),
        ("postop", "0003_clinics"),
    ]

    operations = [
        migrations.AddField(
            model_name="patient",
            name="clinic",
            field=models.ForeignKey(
                null=True,
                help_text="Only this clinic's staff and keys see the patient, their discharges, calls and escalations. "
                "Left blank: the clinic of whoever creates the patient.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="patients",
                to="postop.clinic",
            ),
        ),
        migrations.RunPython(assign_default_clinic, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="patient",
            name="clinic",
            field=models.ForeignKey(
                blank=True,
                help_text="Only this clinic's staff and keys see the patient, their discharges, calls and escalations. "
                "Left blank: the clinic of whoever creates the patient.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="patients",
                to="postop.clinic",
            ),
        ),
    ]

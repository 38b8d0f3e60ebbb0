"""Calls and escalations carry their patient's clinic, so clinic-scoped dashboard reads filter one table.

Scoping them through patient__clinic made PostgreSQL join every patient of the clinic; without
fresh planner statistics (right after a bulk load) it chose a nested loop over those patients and a
dashboard request took 30 s at 10,000 patients / 50,000 calls (docs/clinics.md).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def copy_patient_clinic(apps, schema_editor):
    Patient = apps.get_model("patients", "Patient")
    clinic = Subquery(Patient.objects.filter(pk=OuterRef("patient_id")).values("clinic_id")[:1])
    for name in ("CallScheduleItem", "Escalation"):
        apps.get_model("calls", name).objects.update(clinic_id=clinic)


def clinic_field(*, null):
    return models.ForeignKey(
        db_index=False,
        editable=False,
        help_text="The patient's clinic, kept equal to it on save (clinic-scoped reads filter this column).",
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="postop.clinic",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0009_dashboard_today_index"),
        ("patients", "0005_patient_clinic"),
        ("postop", "0003_clinics"),
    ]

    operations = [
        migrations.AddField(model_name="callscheduleitem", name="clinic", field=clinic_field(null=True)),
        migrations.AddField(model_name="escalation", name="clinic", field=clinic_field(null=True)),
        migrations.RunPython(copy_patient_clinic, migrations.RunPython.noop),
        migrations.AlterField(model_name="callscheduleitem", name="clinic", field=clinic_field(null=False)),
        migrations.AlterField(model_name="escalation", name="clinic", field=clinic_field(null=False)),
        migrations.AddIndex(
            model_name="callscheduleitem",
            index=models.Index(fields=["clinic", "status", "next_attempt_at"], name="call_clinic_status_next_idx"),
        ),
        migrations.AddIndex(
            model_name="callscheduleitem",
            index=models.Index(fields=["clinic", "status", "updated_at"], name="call_clinic_status_changed_idx"),
        ),
        migrations.AddIndex(
            model_name="escalation",
            index=models.Index(
                condition=~Q(status="resolved"), fields=["clinic", "due_by"], name="escalation_clinic_open_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="escalation",
            index=models.Index(fields=["clinic", "created_at"], name="escalation_clinic_time_idx"),
        ),
    ]

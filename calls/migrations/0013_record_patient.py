"""Each attempt carries its call's patient, with an index on (patient, started_at): the calling-frequency
rules (calls/rules.py) read a few patients' attempts of the last week through it, instead of every
call those patients ever had. Existing records take their call's patient."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_patient(apps, schema_editor):
    CallRecord = apps.get_model("calls", "CallRecord")
    CallScheduleItem = apps.get_model("calls", "CallScheduleItem")
    CallRecord.objects.filter(patient__isnull=True).update(
        patient_id=Subquery(CallScheduleItem.objects.filter(pk=OuterRef("call_id")).values("patient_id")[:1])
    )
    if schema_editor.connection.vendor == "postgresql":
        # Check the new foreign keys now: the NOT NULL below cannot ALTER a table with pending trigger events.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0012_call_clinic_idx"),
        ("patients", "0005_patient_clinic"),
    ]

    operations = [
        migrations.AddField(
            model_name="callrecord",
            name="patient",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="call_records",
                to="patients.patient",
            ),
        ),
        migrations.RunPython(fill_patient, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="callrecord",
            name="patient",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="call_records",
                to="patients.patient",
            ),
        ),
        migrations.AddIndex(
            model_name="callrecord",
            index=models.Index(fields=["patient", "started_at"], name="record_patient_started_idx"),
        ),
    ]

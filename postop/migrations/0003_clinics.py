"""Clinics: one default clinic from the environment (CLINIC_NAME; blank settings follow the
environment), every existing API key and active staff user assigned
to it. patients.0005 assigns the patients."""

import datetime
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def create_default_clinic(apps, schema_editor):
    Clinic = apps.get_model("postop", "Clinic")
    ApiKey = apps.get_model("postop", "ApiKey")
    clinic = Clinic.objects.filter(is_default=True).first()
    if clinic is None:
        clinic = Clinic.objects.create(name=settings.CLINIC_NAME[:100], slug="default", is_default=True)
    ApiKey.objects.filter(clinic__isnull=True).update(clinic=clinic)
    # Staff who saw every patient before clinics keep seeing the default clinic's.
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    clinic.members.add(*User.objects.filter(is_staff=True, is_active=True))


class Migration(migrations.Migration):
    dependencies = [
        ("postop", "0002_export_permission"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Clinic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        help_text="Shown to staff; blank caller name uses it.", max_length=100, unique=True
                    ),
                ),
                ("slug", models.SlugField(help_text="Used by `manage.py clinic` and the demo.", unique=True)),
                (
                    "is_default",
                    models.BooleanField(
                        default=False, help_text="Rows with no other clinic (ADT from an unmapped facility) go here."
                    ),
                ),
                ("time_zone", models.CharField(blank=True, help_text="Blank: CLINIC_TIME_ZONE.", max_length=64)),
                ("calling_window_start", models.TimeField(blank=True, help_text="Blank: CALLING_WINDOW.", null=True)),
                ("calling_window_end", models.TimeField(blank=True, help_text="Blank: CALLING_WINDOW.", null=True)),
                (
                    "caller_name",
                    models.CharField(
                        blank=True, help_text="Who the agent says is calling; blank: CLINIC_NAME.", max_length=100
                    ),
                ),
                (
                    "callback_number",
                    models.CharField(
                        blank=True,
                        help_text="E.164 number patients call back; blank: CLINIC_CALLBACK_NUMBER.",
                        max_length=20,
                    ),
                ),
                (
                    "oidc_group",
                    models.CharField(
                        blank=True,
                        help_text="The identity provider's group whose members belong to this clinic (SSO sign-in).",
                        max_length=150,
                    ),
                ),
                (
                    "facility_codes",
                    models.CharField(
                        blank=True,
                        help_text="Comma-separated HL7 sending facilities (MSH-4) whose ADT patients belong here.",
                        max_length=300,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "members",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Nurses, clinical leads and compliance auditors who see this clinic's patients.",
                        related_name="clinics",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["name"],
            },
        ),
        migrations.AddConstraint(
            model_name="clinic",
            constraint=models.UniqueConstraint(
                condition=models.Q(("is_default", True)), fields=("is_default",), name="one_default_clinic"
            ),
        ),
        migrations.AddConstraint(
            model_name="clinic",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("calling_window_start__isnull", True),
                    ("calling_window_start__gte", datetime.time(8, 0)),
                    _connector="OR",
                ),
                name="clinic_window_start_legal",
                violation_error_message="Calls may not start before 08:00 (healthcare calling hours).",
            ),
        ),
        migrations.AddConstraint(
            model_name="clinic",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("calling_window_end__isnull", True),
                    ("calling_window_end__lte", datetime.time(21, 0)),
                    _connector="OR",
                ),
                name="clinic_window_end_legal",
                violation_error_message="Calls may not go on after 21:00 (healthcare calling hours).",
            ),
        ),
        migrations.AddField(
            model_name="apikey",
            name="clinic",
            field=models.ForeignKey(
                null=True,
                help_text="The key reads and writes this clinic's patients only. Left blank: the default clinic.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="api_keys",
                to="postop.clinic",
            ),
        ),
        migrations.RunPython(create_default_clinic, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apikey",
            name="clinic",
            field=models.ForeignKey(
                blank=True,
                help_text="The key reads and writes this clinic's patients only. Left blank: the default clinic.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="api_keys",
                to="postop.clinic",
            ),
        ),
    ]

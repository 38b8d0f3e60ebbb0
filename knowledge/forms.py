from __future__ import annotations

from django import forms
from django.utils.text import slugify

from knowledge.models import (
    GENERAL_GROUP,
    Category,
    KnowledgeDocument,
    Language,
    ReviewBasis,
    Status,
    normalize_group,
)


def known_groups() -> list[str]:
    groups = {GENERAL_GROUP}
    for value in KnowledgeDocument.objects.values_list("procedure_groups", flat=True):
        groups.update(str(g) for g in value or [])
    return sorted(groups)


class KnowledgeDocumentForm(forms.ModelForm):
    procedure_groups = forms.CharField(
        label="Procedure groups",
        max_length=500,
        help_text="Comma-separated. Patients hear this document only if their discharge is for one of these "
        "procedure groups; “general” means every patient.",
    )

    class Meta:
        model = KnowledgeDocument
        fields = (
            "title",
            "slug",
            "language",
            "translation_of",
            "source_version",
            "category",
            "procedure_groups",
            "topic",
            "synonyms",
            "urgency",
            "content",
            "source",
            "active",
        )
        widgets = {
            "synonyms": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Stable id; filled in from the title when left blank."
        current = self.instance.group_list if self.instance.pk else [GENERAL_GROUP]
        if not self.is_bound:
            self.initial["procedure_groups"] = ", ".join(current)
        self.fields["procedure_groups"].help_text += " In use: " + ", ".join(known_groups()) + "."
        self.fields["translation_of"].queryset = KnowledgeDocument.objects.filter(language=Language.ENGLISH).order_by(
            "title"
        )
        self.fields["translation_of"].label = "Translation of"
        self.fields["language"].required = False
        self.fields["source_version"].label = "Checked against English version"

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or Language.ENGLISH

    def clean(self) -> dict[str, object]:
        data = super().clean()
        source = data.get("translation_of")
        if source is not None and not data.get("source_version"):
            # A translation saved without saying which English version it was checked against: the current one.
            data["source_version"] = source.version
            self.instance.source_version = source.version
        return data

    def clean_procedure_groups(self) -> list[str]:
        names = [part.strip() for part in self.cleaned_data["procedure_groups"].split(",") if part.strip()]
        groups = list(dict.fromkeys(normalize_group(name) for name in names))
        if not groups or "" in groups:
            raise forms.ValidationError(
                "Name at least one procedure group (letters and digits), or “general” for every patient."
            )
        return groups

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or slugify(self.cleaned_data.get("title", ""))[:120]
        if not slug:
            raise forms.ValidationError("Give the document a title or an id made of letters, digits and dashes.")
        clash = KnowledgeDocument.objects.filter(slug=slug).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"Another document already uses the id “{slug}”; choose a different one.")
        return slug


class KnowledgeSearchForm(forms.Form):
    q = forms.CharField(required=False, label="Search documents", max_length=200)
    category = forms.ChoiceField(required=False, choices=[("", "All categories"), *Category.choices])
    language = forms.ChoiceField(required=False, choices=[("", "All languages"), *Language.choices])


TOOL_CHOICES = [
    ("ask", "Any question (whole knowledge base)"),
    ("symptom", "Symptom guidance"),
    ("medication", "Medication question"),
    ("procedure", "Procedure question"),
    ("recovery", "Recovery timeline"),
]


class AskForm(forms.Form):
    question = forms.CharField(
        label="What the patient says",
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "my leg is really puffy, is that ok"}),
    )
    tool = forms.ChoiceField(label="Agent tool", choices=TOOL_CHOICES, initial="ask", required=False)
    subject = forms.CharField(
        label="Medication, procedure or activity",
        required=False,
        max_length=200,
        help_text="The medication (for medication questions), the procedure, or the activity (recovery).",
    )
    procedure = forms.CharField(
        label="Procedure (recovery timeline)",
        required=False,
        max_length=200,
        initial="sclerotherapy",
    )
    language = forms.ChoiceField(
        label="Patient's language",
        required=False,
        choices=Language.choices,
        initial=Language.ENGLISH,
        help_text="A patient hears only documents in their own language.",
    )
    patient_group = forms.ChoiceField(
        label="Ask as a patient of",
        required=False,
        help_text="A patient hears only their procedure group's documents and general ones.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        groups = [g for g in known_groups() if g != GENERAL_GROUP]
        self.fields["patient_group"].choices = [("", "Any procedure (whole knowledge base)")] + [
            (g, g.replace("-", " ").capitalize()) for g in groups
        ]


class PublishForm(forms.Form):
    basis = forms.ChoiceField(
        label="Reviewed against", choices=ReviewBasis.choices, widget=forms.RadioSelect, initial=ReviewBasis.HOSPITAL
    )
    source_title = forms.CharField(
        label="Source name",
        max_length=300,
        help_text="The discharge instructions or the public page you checked this content against.",
    )
    source_url = forms.URLField(
        label="Web address",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Required for a public page.",
    )
    note = forms.CharField(label="Review note", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: object, document: KnowledgeDocument | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.document = document

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("basis") == ReviewBasis.PUBLIC and not data.get("source_url") and "source_url" not in self.errors:
            self.add_error("source_url", "Give the public page's web address, starting with https://.")
        if self.document is not None and self.document.status == Status.PUBLISHED:
            raise forms.ValidationError("This version is already published; edit the document to make a new draft.")
        return data

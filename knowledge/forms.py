from __future__ import annotations

from django import forms
from django.utils.text import slugify

from knowledge.models import Category, KnowledgeDocument


class KnowledgeDocumentForm(forms.ModelForm):
    mark_reviewed = forms.BooleanField(
        required=False,
        label="I reviewed this content for our clinic",
        help_text="Records you as the reviewer and clears the sample-content flag.",
    )

    class Meta:
        model = KnowledgeDocument
        fields = ("title", "slug", "category", "topic", "synonyms", "urgency", "content", "source", "active")
        widgets = {
            "synonyms": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = "Stable id; filled in from the title when left blank."

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

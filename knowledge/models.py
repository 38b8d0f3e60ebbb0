from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify

# A document scoped to GENERAL applies to every patient; any other group applies to that procedure's patients.
GENERAL_GROUP = "general"


def normalize_group(name: str) -> str:
    """A procedure group as the knowledge base stores it: "Venous malformation" -> "venous-malformation"."""
    return slugify(name or "")[:100]


class Category(models.TextChoices):
    PROCEDURE = "procedure", "Procedure"
    MEDICATION = "medication", "Medication"
    SYMPTOM = "symptom", "Symptom"
    RECOVERY = "recovery", "Recovery"
    GENERAL = "general", "General"


class Language(models.TextChoices):
    """The languages the knowledge base answers patients in (each has its own index and tokenizer)."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"


def knowledge_language(code: str | None) -> str:
    """A patient's preferred language as the knowledge base reads it; other languages get English (as before)."""
    return code if code in Language.values else Language.ENGLISH


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine — expected, reassure"
    CALL_CLINIC = "call_clinic", "Call the clinic"
    EMERGENCY = "emergency", "Emergency — call 911"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class ReviewBasis(models.TextChoices):
    HOSPITAL = "hospital", "Our hospital's own discharge instructions"
    PUBLIC = "public", "A named public patient-education page"


class KnowledgeDocumentQuerySet(models.QuerySet):
    def active(self) -> KnowledgeDocumentQuerySet:
        return self.filter(active=True)

    def answering_patients(self) -> KnowledgeDocumentQuerySet:
        """Active documents with a published version: the only ones a patient ever hears."""
        return self.filter(active=True, published_version__isnull=False)

    def in_language(self, language: str) -> KnowledgeDocumentQuerySet:
        return self.filter(language=language)

    def search(self, text: str) -> KnowledgeDocumentQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(title__icontains=text)
            | models.Q(topic__icontains=text)
            | models.Q(synonyms__icontains=text)
            | models.Q(content__icontains=text)
            | models.Q(slug__icontains=text)
        )


class KnowledgeDocument(models.Model):
    """What the phone agent may say about one topic, in plain patient language."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True, help_text="Stable id used by the question set and the agent.")
    category = models.CharField(max_length=20, choices=Category.choices, db_index=True)
    language = models.CharField(
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        db_index=True,
        help_text="The language patients hear this document in; a patient hears only documents in their language.",
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="translations",
        limit_choices_to={"language": Language.ENGLISH},
        help_text="The English document this one translates: when that one changes, this one needs review.",
    )
    source_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The version of the English document this translation was checked against.",
    )
    topic = models.CharField(
        max_length=120, help_text="The procedure, medication, symptom or activity this document is about."
    )
    synonyms = models.TextField(
        blank=True,
        help_text="Comma-separated words patients use for the topic: brand names, everyday words, common misspellings.",
    )
    content = models.TextField(help_text="Plain language. Separate passages with a blank line.")
    urgency = models.CharField(
        max_length=20, choices=Urgency.choices, blank=True, help_text="Symptoms only: how urgent this symptom is."
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where this guidance comes from.")
    procedure_groups = models.JSONField(
        default=list,
        help_text='Procedure groups whose patients may hear this document, e.g. ["venous-malformation"], '
        'or ["general"] for every patient.',
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=1, help_text="The version being edited (or last published).")
    published_version = models.OneToOneField(
        "KnowledgeDocumentVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="What patients hear now; stays until a newer version is published.",
    )
    is_sample = models.BooleanField(
        default=False, help_text="Demo content shipped with PostOp AI, not reviewed by this clinic."
    )
    active = models.BooleanField(default=True, help_text="Only active documents answer patients' questions.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = KnowledgeDocumentQuerySet.as_manager()

    class Meta:
        ordering = ("category", "title")
        permissions = [("publish_knowledgedocument", "Can review and publish knowledge documents for patients")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category="symptom") | models.Q(urgency=""),
                name="knowledge_urgency_only_for_symptoms",
                violation_error_message="Only symptom documents have an urgency; leave it blank for this category.",
            ),
            models.CheckConstraint(
                condition=~models.Q(category="symptom") | ~models.Q(urgency=""),
                name="knowledge_symptom_needs_urgency",
                violation_error_message="Choose how urgent this symptom is: routine, call the clinic, or emergency.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.slug:
            self.slug = slugify(self.title)[:120]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        groups = self.procedure_groups
        if not isinstance(groups, list) or not groups:
            raise ValidationError(
                {"procedure_groups": 'Name at least one procedure group, or "general" if every patient may hear it.'}
            )
        bad = [g for g in groups if not isinstance(g, str) or not g or normalize_group(g) != g]
        if bad:
            raise ValidationError(
                {"procedure_groups": f"Procedure groups are lower-case words joined by dashes; fix {bad!r}."}
            )
        source = self.translation_of
        if source is not None:
            if self.language == Language.ENGLISH:
                raise ValidationError(
                    {"translation_of": "An English document is not a translation; choose its language or clear this."}
                )
            if source.language != Language.ENGLISH or source.pk == self.pk:
                raise ValidationError({"translation_of": "A translation links to the English document it translates."})

    @property
    def translation_outdated(self) -> bool:
        """The English source changed since this translation was checked against it: it needs review."""
        source = self.translation_of
        if source is None:
            return False
        return self.source_version is None or source.version > self.source_version

    def outdated_translations(self) -> list[KnowledgeDocument]:
        return [t for t in self.translations.all() if t.translation_outdated]

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]

    @property
    def group_list(self) -> list[str]:
        return [str(g) for g in self.procedure_groups or []]

    @property
    def has_unpublished_changes(self) -> bool:
        return self.published_version_id is not None and self.status != Status.PUBLISHED

    def content_fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in VERSIONED_FIELDS}


# What a published version freezes: everything a patient hears or that decides when they hear it.
VERSIONED_FIELDS = (
    "title",
    "category",
    "language",
    "topic",
    "synonyms",
    "content",
    "urgency",
    "source",
    "procedure_groups",
)


class KnowledgeDocumentVersion(models.Model):
    """One published version of a document: frozen content plus who reviewed it, when and against what."""

    document = models.ForeignKey(KnowledgeDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    topic = models.CharField(max_length=120)
    synonyms = models.TextField(blank=True)
    content = models.TextField()
    urgency = models.CharField(max_length=20, choices=Urgency.choices, blank=True)
    source = models.CharField(max_length=300, blank=True)
    procedure_groups = models.JSONField(default=list)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewer_label = models.CharField(
        max_length=150, help_text="Who reviewed it, as shown in the portal (kept if the account is renamed)."
    )
    reviewed_at = models.DateTimeField()
    review_basis = models.CharField(max_length=20, choices=ReviewBasis.choices)
    review_source_title = models.CharField(max_length=300)
    review_source_url = models.URLField(max_length=500, blank=True)
    review_note = models.TextField(blank=True)
    is_demo = models.BooleanField(default=False, help_text="Published by the demo loader, not by a clinician.")

    class Meta:
        ordering = ("document", "-number")
        constraints = [
            models.UniqueConstraint(fields=("document", "number"), name="knowledge_version_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document.slug} v{self.number}"

    @property
    def group_list(self) -> list[str]:
        return [str(g) for g in self.procedure_groups or []]

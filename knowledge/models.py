from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import slugify


class Category(models.TextChoices):
    PROCEDURE = "procedure", "Procedure"
    MEDICATION = "medication", "Medication"
    SYMPTOM = "symptom", "Symptom"
    RECOVERY = "recovery", "Recovery"
    GENERAL = "general", "General"


class Urgency(models.TextChoices):
    ROUTINE = "routine", "Routine — expected, reassure"
    CALL_CLINIC = "call_clinic", "Call the clinic"
    EMERGENCY = "emergency", "Emergency — call 911"


class KnowledgeDocumentQuerySet(models.QuerySet):
    def active(self) -> KnowledgeDocumentQuerySet:
        return self.filter(active=True)

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
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(
        default=False, help_text="Sample content shipped with PostOp AI: a clinician must review it before use."
    )
    active = models.BooleanField(default=True, help_text="Only active documents answer patients' questions.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = KnowledgeDocumentQuerySet.as_manager()

    class Meta:
        ordering = ("category", "title")
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

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]

    @property
    def needs_review(self) -> bool:
        return self.is_sample or self.reviewed_at is None

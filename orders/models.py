from __future__ import annotations

import string
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

# Placeholders every prompt may use; an order adds its declared parameters.
BASE_PLACEHOLDERS = frozenset(
    {"patient_name", "patient_first_name", "order_instructions", "procedure", "discharge_date"}
)
PARAMETER_TYPES = ("date", "text")
TEMPLATE_KEYS = ("timing", "call_type", "priority", "prompt_template")


def template_placeholders(text: str) -> set[str]:
    """Names used as {name} in `text`; raises ValidationError on a malformed brace."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise ValidationError(f"The template has a stray brace: {exc}. Use {{name}} for placeholders.") from None


class DischargeOrderQuerySet(models.QuerySet["DischargeOrder"]):
    def active(self) -> DischargeOrderQuerySet:
        return self.filter(active=True)


class DischargeOrder(models.Model):
    key = models.SlugField(max_length=64, unique=True, help_text="Stable id used by integrations, e.g. vm_compression.")
    title = models.CharField(max_length=200)
    instructions = models.TextField(help_text="What the patient was told, in patient language.")
    procedure_group = models.CharField(max_length=100, help_text="Groups orders in the discharge picker.")
    active = models.BooleanField(default=True)
    parameters = models.JSONField(
        default=list,
        blank=True,
        help_text='Declared parameters: [{"name": "return_date", "label": "Return date", "type": "date", '
        '"required": true}].',
    )
    call_template = models.JSONField(
        default=dict,
        blank=True,
        help_text="{timing, call_type, priority, prompt_template, questions}; empty when the order makes no call. "
        "questions: ids from calls.capture.questions.QUESTION_LIBRARY or full question objects.",
    )
    sort_order = models.PositiveIntegerField(default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DischargeOrderQuerySet.as_manager()

    class Meta:
        ordering = ["procedure_group", "sort_order", "key"]

    def __str__(self) -> str:
        return f"{self.title} ({self.key})"

    @property
    def parameter_names(self) -> list[str]:
        return [p["name"] for p in self.parameters or []]

    @property
    def required_parameters(self) -> list[dict[str, Any]]:
        return [p for p in self.parameters or [] if p.get("required", True)]

    @property
    def makes_call(self) -> bool:
        return bool(self.call_template)

    def translation(self, language: str) -> dict[str, str]:
        """The order's reviewed text in `language` ({instructions, purpose, spoken_purpose}); {} when none."""
        if language == "en" or not isinstance(self.call_template, dict):
            return {}
        found = (self.call_template.get("translations") or {}).get(language)
        return dict(found) if isinstance(found, dict) else {}

    def missing_language(self, language: str) -> list[str]:
        """What a call in `language` would lack: the order's text and its questions' text ([] when complete)."""
        if language == "en" or not self.makes_call:
            return []
        from calls.capture.questions_es import questions_missing_language

        text = self.translation(language)
        missing = [f"the order's {name.replace('_', ' ')}" for name in TRANSLATED_KEYS if not text.get(name)]
        missing += [f"question {qid!r}" for qid in questions_missing_language(self.call_template, language)]
        return missing

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[str]] = {}
        names: set[str] = set()
        if not isinstance(self.parameters, list):
            errors.setdefault("parameters", []).append("Parameters must be a list of {name, label, type}.")
        else:
            for param in self.parameters:
                if not isinstance(param, dict) or not str(param.get("name", "")).isidentifier():
                    errors.setdefault("parameters", []).append(
                        f"Each parameter needs a 'name' that is a plain identifier; got {param!r}."
                    )
                    continue
                if param.get("type", "text") not in PARAMETER_TYPES:
                    errors.setdefault("parameters", []).append(
                        f"Parameter {param['name']!r} has type {param.get('type')!r}; use one of {PARAMETER_TYPES}."
                    )
                names.add(param["name"])
        if self.call_template:
            errors_for_template = self._template_errors(names)
            if errors_for_template:
                errors.setdefault("call_template", []).extend(errors_for_template)
        if errors:
            raise ValidationError(errors)

    def _template_errors(self, parameter_names: set[str]) -> list[str]:
        from calls.timing import TimingSpecError, validate_timing_spec

        template = self.call_template
        if not isinstance(template, dict):
            return ["The call template must be an object with timing, call_type, priority and prompt_template."]
        problems = [f"The call template is missing {key!r}." for key in TEMPLATE_KEYS if key not in template]
        if problems:
            return problems
        allowed = BASE_PLACEHOLDERS | parameter_names
        try:
            used = template_placeholders(str(template["prompt_template"]))
        except ValidationError as exc:
            return list(exc.messages)
        unknown = sorted(used - allowed)
        if unknown:
            problems.append(
                f"The prompt uses unknown placeholder(s) {', '.join('{' + u + '}' for u in unknown)}; "
                f"allowed: {', '.join('{' + a + '}' for a in sorted(allowed))}."
            )
        timing = str(template["timing"])
        timing_used = template_placeholders(timing)
        if timing_used - parameter_names:
            problems.append(
                f"The timing {timing!r} uses {sorted(timing_used - parameter_names)}, which are not parameters "
                "of this order."
            )
        else:
            sample = timing.format(**{name: date(2030, 1, 15).isoformat() for name in timing_used})
            try:
                validate_timing_spec(sample)
            except TimingSpecError as exc:
                problems.append(str(exc))
        purpose = template.get("purpose", "")
        if purpose and (not isinstance(purpose, str) or len(purpose) > 300 or "{" in purpose or "}" in purpose):
            problems.append(
                "The purpose is the short phrase the agent says for why it calls, e.g. “a reminder about your "
                "compression bandage”: plain text, at most 300 characters, no placeholders."
            )
        priority = template.get("priority")
        if not isinstance(priority, int) or not 1 <= priority <= 5:
            problems.append("The priority must be a whole number from 1 (most urgent) to 5.")
        if "questions" in template:
            from calls.capture.questions import resolve_questions

            try:
                resolve_questions(template["questions"])
            except ValueError as exc:
                problems.append(f"The call's questions: {exc}")
        problems.extend(_translation_problems(template.get("translations")))
        spoken = template.get("spoken_purpose", "")
        if not isinstance(spoken, str) or len(spoken) > 120:
            problems.append("The spoken purpose must be a short phrase (up to 120 characters), e.g. “your incision”.")
        elif spoken and spoken.strip().casefold() == (self.title or "").strip().casefold():
            problems.append(
                "The spoken purpose is what the patient hears (“your compression bandage”), not the order's title; "
                "write it as words said to the patient."
            )
        return problems


TRANSLATED_KEYS = ("instructions", "purpose", "spoken_purpose")


def _translation_problems(translations: Any) -> list[str]:
    """call_template["translations"]: {"es": {"instructions": ..., "purpose": ..., "spoken_purpose": ...}}."""
    if translations in (None, {}):
        return []
    if not isinstance(translations, dict):
        return ['The translations must be an object by language, e.g. {"es": {"purpose": "...", ...}}.']
    problems = []
    for language, text in translations.items():
        if language not in ("es",):
            problems.append(f"Translations are reviewed for Spanish (es) only; {language!r} is not supported.")
        elif not isinstance(text, dict) or set(text) - set(TRANSLATED_KEYS):
            problems.append(f"The {language} translation holds only {', '.join(TRANSLATED_KEYS)} as text.")
        elif not all(isinstance(v, str) and v.strip() and "{" not in v for v in text.values()):
            problems.append(f"Each {language} translation text must be plain words with no placeholders.")
    return problems

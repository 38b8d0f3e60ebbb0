from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from knowledge.forms import AskForm, KnowledgeDocumentForm, KnowledgeSearchForm, PublishForm
from knowledge.models import KnowledgeDocument, Status
from knowledge.services import (
    can_publish,
    knowledge_document_publish,
    knowledge_document_save,
    knowledge_document_submit,
)

if TYPE_CHECKING:
    from knowledge.answers import LookupAnswer


@permission_required("knowledge.view_knowledgedocument", raise_exception=True)
def document_list(request: HttpRequest) -> HttpResponse:
    form = KnowledgeSearchForm(request.GET or None)
    documents = KnowledgeDocument.objects.select_related("published_version", "translation_of")
    text = category = language = ""
    if form.is_valid():
        text, category, language = form.cleaned_data["q"], form.cleaned_data["category"], form.cleaned_data["language"]
        documents = documents.search(text)
        if category:
            documents = documents.filter(category=category)
        if language:
            documents = documents.in_language(language)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    template = "knowledge/document_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "text": text,
            "category": category,
            "language": language,
            "ask_form": AskForm(),
        },
    )


def _detail(request: HttpRequest, document: KnowledgeDocument, publish_form: PublishForm | None = None) -> HttpResponse:
    published = document.published_version
    return render(
        request,
        "knowledge/document_detail.html",
        {
            "document": document,
            "published": published,
            "versions": document.versions.select_related("reviewed_by").order_by("-number"),
            "translations": document.translations.order_by("language", "slug"),
            "can_publish": can_publish(request.user) and document.status != Status.PUBLISHED,
            "publish_form": publish_form or PublishForm(document=document),
        },
        status=400 if publish_form is not None and publish_form.errors else 200,
    )


@permission_required("knowledge.view_knowledgedocument", raise_exception=True)
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _detail(request, get_object_or_404(KnowledgeDocument, slug=slug))


def _edit(request: HttpRequest, document: KnowledgeDocument | None) -> HttpResponse:
    form = KnowledgeDocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        saved = knowledge_document_save(document=form.save(commit=False))
        if saved.status == Status.PUBLISHED:
            note = "Nothing patients hear has changed."
        elif saved.published_version_id:
            note = (
                f"Saved as draft version {saved.version}. Patients keep hearing version "
                f"{saved.published_version.number} until a reviewer publishes this one."
            )
        else:
            note = "Saved as a draft. Patients hear it only after a reviewer publishes it."
        messages.success(request, f"Saved “{saved.title}”. {note}")
        return redirect("knowledge:detail", slug=saved.slug)
    return render(request, "knowledge/document_form.html", {"form": form, "document": document})


@require_http_methods(["POST"])
@permission_required("knowledge.change_knowledgedocument", raise_exception=True)
def document_submit(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(KnowledgeDocument, slug=slug)
    try:
        knowledge_document_submit(document=document)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Sent “{document.title}” for review. A clinical reviewer can now publish it.")
    return redirect("knowledge:detail", slug=document.slug)


@require_http_methods(["POST"])
@permission_required("knowledge.publish_knowledgedocument", raise_exception=True)
def document_publish(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(KnowledgeDocument, slug=slug)
    form = PublishForm(request.POST, document=document)
    if not form.is_valid():
        return _detail(request, document, form)
    data = form.cleaned_data
    try:
        version = knowledge_document_publish(
            document=document,
            by=request.user,
            basis=data["basis"],
            source_title=data["source_title"],
            source_url=data["source_url"],
            note=data["note"],
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
            form.add_error(field if field in form.fields else None, errors)
        return _detail(request, document, form)
    messages.success(
        request, f"Published version {version.number} of “{document.title}”. Patients hear it from the next lookup."
    )
    return redirect("knowledge:detail", slug=document.slug)


@require_http_methods(["GET", "POST"])
@permission_required("knowledge.add_knowledgedocument", raise_exception=True)
def document_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
@permission_required("knowledge.change_knowledgedocument", raise_exception=True)
def document_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, get_object_or_404(KnowledgeDocument, slug=slug))


def _answer(form: AskForm) -> LookupAnswer:
    # Imported here, not at the top: the URLconf imports this module on a web process's first request
    # (any page), and the retrieval stack (haystack, nltk, scipy) took 5-18 s to import on a loaded machine.
    from knowledge import rag

    data = form.cleaned_data
    question, subject, tool = data["question"], data["subject"], data["tool"] or "ask"
    groups = [data["patient_group"]] if data.get("patient_group") else None
    scope = {"procedure_groups": groups, "language": data.get("language") or "en"}
    if tool == "symptom":
        return rag.lookup_symptom_guidance(question, **scope)
    if tool == "medication":
        return rag.lookup_medication_info(subject or question, question, **scope)
    if tool == "procedure":
        return rag.lookup_procedure_info(subject or data["procedure"] or "procedure", question, **scope)
    if tool == "recovery":
        return rag.lookup_recovery_timeline(data["procedure"], subject or question, **scope)
    return rag.ask(question, **scope)


@permission_required("knowledge.view_knowledgedocument", raise_exception=True)
def ask(request: HttpRequest) -> HttpResponse:
    """Ask as a patient would: what the agent would retrieve and say, and why."""
    form = AskForm(request.GET if "question" in request.GET else None)
    answer = _answer(form) if form.is_valid() else None
    template = "knowledge/ask.html"
    if request.htmx and not request.htmx.boosted:
        template += "#answer"
    return render(request, template, {"ask_form": form, "answer": answer})

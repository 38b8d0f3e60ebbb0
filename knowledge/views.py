from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from knowledge import rag
from knowledge.forms import AskForm, KnowledgeDocumentForm, KnowledgeSearchForm
from knowledge.models import KnowledgeDocument
from knowledge.services import knowledge_document_save


@permission_required("knowledge.view_knowledgedocument", raise_exception=True)
def document_list(request: HttpRequest) -> HttpResponse:
    form = KnowledgeSearchForm(request.GET or None)
    documents = KnowledgeDocument.objects.all()
    text = category = ""
    if form.is_valid():
        text, category = form.cleaned_data["q"], form.cleaned_data["category"]
        documents = documents.search(text)
        if category:
            documents = documents.filter(category=category)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    template = "knowledge/document_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(
        request,
        template,
        {"form": form, "page": page, "text": text, "category": category, "ask_form": AskForm()},
    )


@permission_required("knowledge.view_knowledgedocument", raise_exception=True)
def document_detail(request: HttpRequest, slug: str) -> HttpResponse:
    document = get_object_or_404(KnowledgeDocument, slug=slug)
    return render(request, "knowledge/document_detail.html", {"document": document})


def _edit(request: HttpRequest, document: KnowledgeDocument | None) -> HttpResponse:
    form = KnowledgeDocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        saved = knowledge_document_save(
            document=form.save(commit=False), by=request.user, reviewed=form.cleaned_data["mark_reviewed"]
        )
        messages.success(request, f"Saved “{saved.title}”. The phone agent uses it from its next lookup.")
        return redirect("knowledge:detail", slug=saved.slug)
    return render(request, "knowledge/document_form.html", {"form": form, "document": document})


@require_http_methods(["GET", "POST"])
@permission_required("knowledge.add_knowledgedocument", raise_exception=True)
def document_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require_http_methods(["GET", "POST"])
@permission_required("knowledge.change_knowledgedocument", raise_exception=True)
def document_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, get_object_or_404(KnowledgeDocument, slug=slug))


def _answer(form: AskForm) -> rag.LookupAnswer:
    data = form.cleaned_data
    question, subject, tool = data["question"], data["subject"], data["tool"] or "ask"
    if tool == "symptom":
        return rag.lookup_symptom_guidance(question)
    if tool == "medication":
        return rag.lookup_medication_info(subject or question, question)
    if tool == "procedure":
        return rag.lookup_procedure_info(subject or data["procedure"] or "procedure", question)
    if tool == "recovery":
        return rag.lookup_recovery_timeline(data["procedure"], subject or question)
    return rag.ask(question)


@permission_required("knowledge.view_knowledgedocument", raise_exception=True)
def ask(request: HttpRequest) -> HttpResponse:
    """Ask as a patient would: what the agent would retrieve and say, and why."""
    form = AskForm(request.GET if "question" in request.GET else None)
    answer = _answer(form) if form.is_valid() else None
    template = "knowledge/ask.html"
    if request.htmx and not request.htmx.boosted:
        template += "#answer"
    return render(request, template, {"ask_form": form, "answer": answer})

"""Staff pages of one request or a queue: lists, detail, moves, assignment, research, documents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries import selectors as file_selectors
from makin.audience import Audience
from makin.pdf import pdf_response, render_pdf
from makin.roles import STAFF_ROLES, Role

from .. import selectors, services
from ..filters import RequestFilter
from ..forms import (
    AssignResearcherForm,
    ConfirmForm,
    DocumentReviewForm,
    IncompleteForm,
    ResearchReportForm,
)
from ..models import ResearchAttachment, Status
from ..text import DECLARATION_TEXT, TWO_WEEKS_TEXT
from ..workflow import EDITABLE, FINAL, MOVE_TABLE
from .base import (
    DESK,
    PAGE_SIZE,
    RESEARCH,
    REVIEWABLE,
    RoleView,
    _file_response,
    _missing,
    error_text,
)


class QueueView(RoleView):
    roles = frozenset({Role.RECEPTION, Role.RESEARCHER, Role.MANAGER, Role.COMMITTEE})
    template_name = "requests/request_queue.html"
    title = ""

    def base_queryset(self):
        return selectors.staff_queue(user=self.request.user)

    def get(self, request):
        filterset = RequestFilter(request.GET, queryset=self.base_queryset())
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            self.template_name,
            {
                "filter": filterset,
                "page": page,
                "today": timezone.localdate(),
                "title": self.title or _("Requests"),
                "export_url": reverse(self.export_name),
                "can_walk_in": request.user.has_role(Role.RECEPTION),
            },
        )

    export_name = "requests:queue_export"


class ResearchQueueView(QueueView):
    roles = RESEARCH
    title = ""
    export_name = "requests:research_queue_export"

    def base_queryset(self):
        return selectors.research_queue(user=self.request.user)

    def get(self, request):
        self.title = _("My research queue")
        return super().get(request)


class StaffDetailView(RoleView):
    roles = STAFF_ROLES

    def get(self, request, reference):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        file = obj.beneficiary
        # What the researcher and the committee need from the file, without leaving the request.
        sees_file = request.user.has_perm("beneficiaries.view_beneficiary")
        return render(
            request,
            "requests/request_detail.html",
            {
                "object": obj,
                "can_view_file": sees_file,
                "household": list(file.household.all()) if sees_file else [],
                "incomes": list(file.incomes.all()) if sees_file else [],
                "file_documents": list(file_selectors.file_documents(beneficiary=file))
                if sees_file
                else [],
                "checklist": selectors.document_checklist(obj),
                "actions": selectors.actions_for(request=obj, user=request.user),
                "review_form": DocumentReviewForm(),
                "today": timezone.localdate(),
                "contacts": obj.contacts.select_related("officer"),
                "missing": _missing(obj),
                "staff_view": True,
                "can_review": bool(request.user.roles & {Role.RECEPTION, Role.RESEARCHER})
                and Status(obj.status) in REVIEWABLE,
                "can_edit": request.user.has_role(Role.RECEPTION)
                and Status(obj.status) in EDITABLE,
            },
        )


# Moves that have their own page (a form with more than a note).
OWN_PAGES = {
    Status.IN_RESEARCH: "requests:assign",
    Status.READY_FOR_COMMITTEE: "requests:research",
    Status.SUBMITTED: "requests:step_declaration",
}


class MoveView(RoleView):
    """One confirmation page per action, then one POST (pretix's OrderApprove)."""

    roles = STAFF_ROLES

    def _load(self, request, reference, target):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        try:
            target = Status(target)
        except ValueError:
            raise Http404 from None
        move = MOVE_TABLE.get((Status(obj.status), target))
        if move is None or move not in selectors.actions_for(request=obj, user=request.user):
            raise PermissionDenied
        return obj, move

    def _form(self, obj, move, data=None):
        initial = {"expected": obj.status}
        if move.target == Status.INCOMPLETE:
            kinds = [row.kind for row in selectors.document_checklist(obj) if not row.ok]
            return IncompleteForm(data, initial=initial, kinds=kinds)
        return ConfirmForm(data, initial=initial, note_required=move.note_required)

    def get(self, request, reference, target):
        obj, move = self._load(request, reference, target)
        if move.target in OWN_PAGES:
            return redirect(OWN_PAGES[move.target], reference=reference)
        return self._page(obj, move, self._form(obj, move))

    def post(self, request, reference, target):
        obj, move = self._load(request, reference, target)
        form = self._form(obj, move, request.POST)
        if not form.is_valid():
            return self._page(obj, move, form)
        expected = Status(form.cleaned_data["expected"])
        try:
            if move.target == Status.INCOMPLETE:
                services.request_mark_incomplete(
                    request=obj,
                    actor=request.user,
                    missing=form.cleaned_data["missing"],
                    note=form.cleaned_data["note"],
                    expected=expected,
                )
            else:
                services.request_transition(
                    request=obj,
                    to=move.target,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    expected=expected,
                )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("requests:detail", reference=reference)
        messages.success(
            request, _("Done: the request is now “%(status)s”.") % {"status": move.target.label}
        )
        return redirect("requests:detail", reference=reference)

    def _page(self, obj, move, form):
        return render(
            self.request,
            "requests/request_move.html",
            {
                "object": obj,
                "move": move,
                "form": form,
                "final": move.target in FINAL,
                "note_for_applicant": move.audience == Audience.APPLICANT,
            },
        )


class AssignView(RoleView):
    roles = DESK

    def get(self, request, reference):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        form = AssignResearcherForm(initial={"expected": obj.status, "researcher": obj.researcher})
        return render(request, "requests/request_assign.html", {"object": obj, "form": form})

    def post(self, request, reference):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        form = AssignResearcherForm(request.POST)
        if not form.is_valid():
            return render(request, "requests/request_assign.html", {"object": obj, "form": form})
        try:
            services.request_assign_researcher(
                request=obj,
                actor=request.user,
                researcher=form.cleaned_data["researcher"],
                expected=Status(form.cleaned_data["expected"]),
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("requests:detail", reference=reference)
        messages.success(request, _("The social researcher was assigned."))
        return redirect("requests:detail", reference=reference)


class ResearchReportView(RoleView):
    roles = RESEARCH

    def _page(self, obj, form):
        return render(self.request, "requests/research_report.html", {"object": obj, "form": form})

    def get(self, request, reference):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        if obj.status != Status.IN_RESEARCH:
            messages.error(request, _("Only a request in social research takes a report."))
            return redirect("requests:detail", reference=reference)
        return self._page(obj, ResearchReportForm(initial={"expected": obj.status}))

    def post(self, request, reference):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        form = ResearchReportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(obj, form)
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("expected", "attachments")}
        try:
            services.research_report_create(
                request=obj,
                actor=request.user,
                data=data,
                files=form.cleaned_data["attachments"],
                expected=Status(form.cleaned_data["expected"]),
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return self._page(obj, form)
        messages.success(request, _("The report was saved and the request sent to the committee."))
        return redirect("requests:detail", reference=reference)


class DocumentReviewView(RoleView):
    roles = frozenset({Role.RECEPTION, Role.RESEARCHER})

    def post(self, request, reference, uuid):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        document = selectors.document_for_request(request=obj, uuid=uuid)
        form = DocumentReviewForm(request.POST)
        if form.is_valid():
            try:
                services.document_review(
                    document=document,
                    actor=request.user,
                    verified=form.cleaned_data["verified"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The document was reviewed."))
        else:
            messages.error(request, _("Please write the reason."))
        return redirect("requests:detail", reference=reference)


class DocumentFileView(RoleView):
    """A document of the request's beneficiary, opened by staff from the checklist."""

    roles = STAFF_ROLES

    def get(self, request, reference, uuid):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        document = selectors.document_for_request(request=obj, uuid=uuid)
        return _file_response(document.file, document.original_name, document.content_type)


class RequestFormPdfView(RoleView):
    """The support request form, filled in, for a walk-in visitor to sign on paper."""

    roles = frozenset({Role.RECEPTION})

    def get(self, request, reference):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        pdf = render_pdf(
            "requests/pdf/request_form.html",
            {
                "object": obj,
                "checklist": selectors.document_checklist(obj),
                "declaration": DECLARATION_TEXT,
                "two_weeks": TWO_WEEKS_TEXT,
                "printed_on": timezone.localdate(),
            },
            request=request,
        )
        return pdf_response(pdf, f"request-form-{obj.reference}")


class AttachmentView(RoleView):
    roles = STAFF_ROLES

    def get(self, request, pk):
        attachment = get_object_or_404(ResearchAttachment, pk=pk)
        return _file_response(attachment.file, attachment.original_name, attachment.content_type)


class SignedFormView(RoleView):
    roles = STAFF_ROLES

    def get(self, request, reference):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        if not obj.signed_form:
            raise Http404
        return _file_response(obj.signed_form, f"{obj.reference}-signed-form", "")

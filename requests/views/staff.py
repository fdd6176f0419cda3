"""Staff pages of one request or a queue: lists, detail, moves, assignment, research, documents."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from beneficiaries import services as beneficiary_services
from makin.audience import Audience
from makin.links import address
from makin.pdf import pdf_response, render_pdf
from makin.rules import holds
from makin.views import report_error, report_form_errors
from makin.wording import reader_of

from .. import selectors, services
from ..filters import RequestFilter, services_statement
from ..forms import (
    AssignResearcherForm,
    ConfirmForm,
    DocumentReviewForm,
    IncompleteForm,
    MissingItemAnswerForm,
    ResearchReportForm,
)
from ..models import Status
from ..text import DECLARATION_TEXT, TWO_WEEKS_TEXT
from ..workflow import EDITABLE, FINAL, MOVE_TABLE
from .base import (
    PAGE_SIZE,
    REVIEWABLE,
    CapabilityView,
    StaffRequestView,
    _file_response,
    item_rows,
    missing_item_answer,
)


class QueueView(CapabilityView):
    capability = "requests.view_queue"
    template_name = "requests/request_queue.html"
    title = ""
    open_by_default = False
    export_name = "requests:queue_export"

    def base_queryset(self):
        return selectors.staff_queue(user=self.request.user)

    def filterset(self):
        return RequestFilter(
            self.request.GET,
            queryset=self.base_queryset(),
            request=self.request,
            open_by_default=self.open_by_default,
        )

    def queue(self, filterset):
        return selectors.filtered_queue(user=self.request.user, filterset=filterset)

    def get(self, request):
        # The filter set draws the form and says what narrows the queue; the page is read
        # from the shaped query (its SQL compiled once per process), not from `filterset.qs`.
        filterset = RequestFilter(
            request.GET, request=request, open_by_default=self.open_by_default
        )
        # The service filter's list is read in the page's round trip.
        page = selectors.queue_page(
            self.queue(filterset),
            order=filterset.chosen_order,
            cursor=request.GET.get("cursor"),
            size=PAGE_SIZE,
            along=[services_statement()],
        )
        if page.along is not None:
            filterset.services_read(page.along[0])
        return render(
            request,
            self.template_name,
            {
                "filter": filterset,
                "page": page,
                "today": timezone.localdate(),
                "title": self.title or _("Requests"),
                "export_url": address(self.export_name),
                "can_walk_in": holds(request.user, "requests.register_walk_in"),
            },
        )


class ResearchQueueView(QueueView):
    capability = "requests.view_research_queue"
    title = ""
    open_by_default = True
    export_name = "requests:research_queue_export"

    def base_queryset(self):
        # Open work unless a status is asked for (a closed one, for instance).
        return selectors.research_queue(
            user=self.request.user, open_only=not self.request.GET.get("status")
        )

    def queue(self, filterset):
        return selectors.filtered_queue(
            user=self.request.user,
            filterset=filterset,
            research=True,
            open_only=not self.request.GET.get("status"),
        )

    def get(self, request):
        self.title = _("My research queue")
        return super().get(request)


class StaffDetailView(StaffRequestView):
    @cached_property
    def support_request(self):
        # Its lists come in one query of their own (`request_page_lists`).
        return selectors.request_page_for_staff(
            user=self.request.user, reference=self.kwargs["reference"]
        )

    def get(self, request, reference):
        user = request.user
        if holds(user, "beneficiaries.view_file"):
            # Every file: the request, its file and every list in one statement.
            obj, lists = selectors.request_page_read(user=user, reference=reference)
            sees_file = True
        else:
            obj = self.support_request
            # What the researcher and the committee need from the file, without leaving the
            # request.
            sees_file = holds(user, "beneficiaries.view_file", obj.beneficiary)
            lists = selectors.request_page_lists(request=obj, with_file=sees_file)
        file = obj.beneficiary
        return render(
            request,
            "requests/request_detail.html",
            {
                "object": obj,
                "can_view_file": sees_file,
                "household": lists["household"],
                "incomes": lists["incomes"],
                "file_documents": lists["documents"] if sees_file else [],
                # The checklist reads the same documents and the kinds the service requires.
                "checklist": selectors.document_checklist(
                    obj, documents=lists["documents"], kinds=lists["required_kinds"]
                ),
                "timeline": lists["timeline"],
                "reports": lists["reports"],
                "actions": selectors.actions_for(request=obj, user=user),
                "review_form": DocumentReviewForm(),
                "today": timezone.localdate(),
                "contacts": lists["contacts"],
                "item_rows": item_rows(
                    obj,
                    staff=True,
                    can_answer=holds(user, "requests.answer_missing_item_for_visitor"),
                    items=lists["items"],
                ),
                "reader": reader_of(user, owner_id=file.owner_id),
                "staff_view": True,
                "can_review": holds(user, "requests.review_document")
                and Status(obj.status) in REVIEWABLE,
                "can_edit": holds(user, "requests.attach_signed_form")
                and Status(obj.status) in EDITABLE,
            },
        )


# Moves that have their own page (a form with more than a note).
OWN_PAGES = {
    Status.IN_RESEARCH: "requests:assign",
    Status.READY_FOR_COMMITTEE: "requests:research",
    Status.SUBMITTED: "requests:step_declaration",
}


class MoveView(StaffRequestView):
    """One confirmation page per action, then one POST (pretix's OrderApprove)."""

    capability = "requests.move_request"

    def _move(self, target):
        obj = self.support_request
        try:
            target = Status(target)
        except ValueError:
            raise Http404 from None
        move = MOVE_TABLE.get((Status(obj.status), target))
        if move is None or move not in selectors.actions_for(request=obj, user=self.request.user):
            raise PermissionDenied
        return move

    def _form(self, move, data=None):
        obj = self.support_request
        initial = {"expected": obj.status}
        if move.target == Status.INCOMPLETE:
            # Every document the service requires may be asked for again; those without a
            # verified, valid one are ticked already.
            checklist = selectors.document_checklist(obj)
            initial["missing_documents"] = [row.kind.pk for row in checklist if not row.ok]
            return IncompleteForm(
                data, initial=initial, kinds=obj.service.required_document_kinds.all()
            )
        return ConfirmForm(data, initial=initial, note_required=move.note_required)

    def get(self, request, reference, target):
        move = self._move(target)
        if move.target in OWN_PAGES:
            return redirect(OWN_PAGES[move.target], reference=reference)
        return self._page(move, self._form(move))

    def post(self, request, reference, target):
        move = self._move(target)
        obj = self.support_request
        form = self._form(move, request.POST)
        if not form.is_valid():
            return self._page(move, form)
        expected = Status(form.cleaned_data["expected"])
        try:
            if move.target == Status.INCOMPLETE:
                services.request_mark_incomplete(
                    request=obj,
                    actor=request.user,
                    kinds=list(form.cleaned_data["missing_documents"]),
                    labels=form.cleaned_data["other_missing"],
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
            report_error(request, error)
            return redirect("requests:detail", reference=reference)
        messages.success(
            request, _("Done: the request is now “%(status)s”.") % {"status": move.target.label}
        )
        return redirect("requests:detail", reference=reference)

    def _page(self, move, form):
        return render(
            self.request,
            "requests/request_move.html",
            {
                "object": self.support_request,
                "move": move,
                "form": form,
                "final": move.target in FINAL,
                "note_for_applicant": move.audience == Audience.APPLICANT,
            },
        )


class StaffMissingItemAnswerView(StaffRequestView):
    """Reception, for a visitor at the desk, sends the document for one missing item from the
    staff request page."""

    capability = "requests.answer_missing_item_for_visitor"

    def get(self, request, reference, pk):
        selectors.missing_item_of(request=self.support_request, pk=pk)
        return redirect("requests:detail", reference=reference)

    def post(self, request, reference, pk):
        item = selectors.missing_item_of(request=self.support_request, pk=pk)
        form = MissingItemAnswerForm(request.POST, request.FILES, item=item)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect("requests:detail", reference=reference)
        try:
            missing_item_answer(request.user, item, form)
        except ValidationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("The document was added to the file for this item."))
        return redirect("requests:detail", reference=reference)


class AssignView(StaffRequestView):
    capability = "requests.assign_researcher"

    def _page(self, form):
        return render(
            self.request,
            "requests/request_assign.html",
            {"object": self.support_request, "form": form},
        )

    def get(self, request, reference):
        obj = self.support_request
        return self._page(
            AssignResearcherForm(initial={"expected": obj.status, "researcher": obj.researcher})
        )

    def post(self, request, reference):
        form = AssignResearcherForm(request.POST)
        if not form.is_valid():
            return self._page(form)
        try:
            services.request_assign_researcher(
                request=self.support_request,
                actor=request.user,
                researcher=form.cleaned_data["researcher"],
                expected=Status(form.cleaned_data["expected"]),
            )
        except ValidationError as error:
            report_error(request, error)
            return redirect("requests:detail", reference=reference)
        messages.success(request, _("The social researcher was assigned."))
        return redirect("requests:detail", reference=reference)


class ResearchReportView(StaffRequestView):
    """The researcher's report. "Save draft" keeps what is typed and the chosen photos without
    moving the request; "Submit" stores the photos on the draft first (so that a wrong field
    loses nothing and the browser need not send them again), then checks the whole report and
    sends the request on."""

    capability = "requests.write_research_report"

    def _page(self, form, status=200):
        draft = selectors.research_draft_for(user=self.request.user, request=self.support_request)
        return render(
            self.request,
            "requests/research_report.html",
            {"object": self.support_request, "form": form, "draft": draft},
            status=status,
        )

    def _not_in_research(self):
        messages.error(self.request, _("Only a request in social research takes a report."))
        return redirect("requests:detail", reference=self.support_request.reference)

    def get(self, request, reference):
        obj = self.support_request
        if obj.status != Status.IN_RESEARCH:
            return self._not_in_research()
        draft = selectors.research_draft_for(user=request.user, request=obj)
        initial = {"expected": obj.status}
        if draft is not None:
            initial |= {name: getattr(draft, name) for name in ResearchReportForm.DRAFT_FIELDS}
        return self._page(ResearchReportForm(initial=initial))

    def post(self, request, reference):
        submitting = "submit" in request.POST
        form = ResearchReportForm(request.POST, request.FILES, draft=not submitting)
        valid = form.is_valid()
        if form.has_error("attachments") or (not submitting and not valid):
            # A refused photo is stored with nothing else; the page shows what was typed.
            return self._page(form)
        remove = [int(pk) for pk in request.POST.getlist("remove") if pk.isdigit()]
        try:
            services.research_draft_save(
                request=self.support_request,
                actor=request.user,
                data=form.draft_data(),
                files=form.cleaned_data["attachments"],
                remove=remove,
            )
        except ValidationError as error:
            report_error(request, error, form)
            return self._page(form)
        if not submitting:
            messages.success(request, _("The draft was saved. The request has not moved."))
            return redirect("requests:research", reference=reference)
        if not valid:
            return self._page(form)
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("expected", "attachments")}
        try:
            services.research_report_create(
                request=self.support_request,
                actor=request.user,
                data=data,
                expected=Status(form.cleaned_data["expected"]),
            )
        except ValidationError as error:
            report_error(request, error, form)
            return self._page(form)
        messages.success(request, _("The report was saved and the request sent to the committee."))
        return redirect("requests:detail", reference=reference)


class DocumentReviewView(StaffRequestView):
    capability = "requests.review_document"

    def post(self, request, reference, uuid):
        document = selectors.document_for_request(request=self.support_request, uuid=uuid)
        form = DocumentReviewForm(request.POST)
        if not form.is_valid():
            report_form_errors(request, form)
            return redirect("requests:detail", reference=reference)
        try:
            services.document_review(
                document=document,
                actor=request.user,
                verified=form.cleaned_data["verified"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("The document was reviewed."))
        return redirect("requests:detail", reference=reference)


class DocumentFileView(StaffRequestView):
    """A document of the request's beneficiary, opened from the checklist: through the same
    door as `/documents/<uuid>/` (the same check, the same access-log entry)."""

    def get(self, request, reference, uuid):
        document = beneficiary_services.document_open(
            user=request.user, uuid=uuid, beneficiary_id=self.support_request.beneficiary_id
        )
        return _file_response(document.file, document.original_name, document.content_type)


class RequestFormPdfView(StaffRequestView):
    """The support request form, filled in, for a walk-in visitor to sign on paper."""

    capability = "requests.print_request_form"

    def get(self, request, reference):
        obj = self.support_request
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


class AttachmentView(CapabilityView):
    """A research attachment: through the same door as `/documents/<uuid>/`."""

    capability = "requests.view_request"

    def get(self, request, pk):
        attachment = services.research_attachment_open(user=request.user, pk=pk)
        return _file_response(attachment.file, attachment.original_name, attachment.content_type)


class SignedFormView(StaffRequestView):
    """The scanned signed form: through the same door as `/documents/<uuid>/`."""

    def get(self, request, reference):
        obj = self.support_request
        signed_form = services.signed_form_open(request=obj, user=request.user)
        # Its type is read from its bytes, so the name downloads with the real extension.
        return _file_response(signed_form, f"{obj.reference}-signed-form", "")

"""Thin views: fetch through a selector that authorises, validate a form, call one service,
turn a domain error into a message, redirect."""

import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from beneficiaries.models import Beneficiary
from makin.files import private_file_response
from makin.pdf import pdf_response, render_pdf
from makin.roles import STAFF_ROLES, Role

from . import selectors, services
from .deadlines import due_state
from .filters import ContactFilter, RequestFilter
from .forms import (
    AssignResearcherForm,
    ConfirmForm,
    ContactForm,
    DeclarationForm,
    DetailsForm,
    DocumentReviewForm,
    DocumentUploadForm,
    IncompleteForm,
    ReferralAnswerForm,
    ResearchReportForm,
    ServiceChoiceForm,
    ServiceForm,
    SignedFormUploadForm,
    StaffToolForm,
    TrackingForm,
    WalkInForm,
)
from .models import ResearchAttachment, Service, StaffTool, Status
from .text import DECLARATION_TEXT, STATUS_STORY, TWO_WEEKS_TEXT
from .workflow import EDITABLE, MOVE_TABLE

PAGE_SIZE = 25
# Documents are reviewed while the request is being checked for completeness.
REVIEWABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.INCOMPLETE})
APPLICANT = frozenset({Role.APPLICANT})
DESK = frozenset({Role.RECEPTION, Role.RESEARCHER, Role.MANAGER})
EDITORS = frozenset({Role.APPLICANT, Role.RECEPTION})
MANAGERS = frozenset({Role.MANAGER})
RESEARCH = frozenset({Role.RESEARCHER})


class RoleView(View):
    """A page for the given roles: anonymous visitors are sent to log in, other roles get 403."""

    roles: frozenset[Role] = frozenset()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.roles & self.roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"  # noqa: S104  a value, not a bind


def error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def editable_request(user, reference):
    """The applicant's own request, or any request for reception (the desk fills it for a
    visitor)."""
    if user.has_role(Role.RECEPTION):
        return selectors.request_for_staff(user=user, reference=reference)
    return selectors.request_for_applicant(user=user, reference=reference)


# ---------------------------------------------------------------------------------------------
# Applicant: my requests and the wizard.


class MyRequestsView(RoleView):
    roles = APPLICANT

    def get(self, request):
        rows = selectors.requests_of_applicant(user=request.user)
        return render(
            request,
            "requests/request_my_list.html",
            {"rows": rows, "editable": EDITABLE, "has_file": _has_file(request.user)},
        )


def _missing(obj) -> list[str]:
    """What staff asked for, while the request waits for the applicant."""
    return obj.missing_items if obj.status == Status.INCOMPLETE else []


def _has_file(user) -> bool:
    return Beneficiary.objects.filter(owner=user).exists()


class WizardStartView(RoleView):
    roles = APPLICANT

    def get(self, request):
        return self._page(request, ServiceChoiceForm())

    def post(self, request):
        form = ServiceChoiceForm(request.POST)
        beneficiary = Beneficiary.objects.filter(owner=request.user).first()
        if beneficiary is None:
            return self._page(request, form)
        if not form.is_valid():
            return self._page(request, form)
        try:
            created = services.request_start(
                beneficiary=beneficiary,
                service=form.cleaned_data["service"],
                actor=request.user,
                token=form.cleaned_data["token"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
            return self._page(request, form)
        return redirect("requests:step_details", reference=created.reference)

    def _page(self, request, form):
        return render(
            request,
            "requests/wizard_service.html",
            {"form": form, "has_file": _has_file(request.user), "step": 1},
        )


class WizardStepView(RoleView):
    roles = EDITORS
    template_name = ""
    step = 0

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get_object(self):
        obj = editable_request(self.request.user, self.kwargs["reference"])
        if Status(obj.status) not in EDITABLE:
            raise _Done(obj)
        return obj

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _Done as done:
            messages.info(request, _("This request has been submitted; here is where it stands."))
            return redirect(_after_submit_url(request.user, done.request))

    def render_step(self, **context):
        obj = context.setdefault("object", self.object)
        context.update(step=self.step, missing=_missing(obj))
        context.setdefault("checklist", selectors.document_checklist(obj))
        return render(self.request, self.template_name, context)


class _Done(Exception):
    def __init__(self, request):
        self.request = request


def _after_submit_url(user, obj) -> str:
    if user.has_role(Role.APPLICANT) and obj.beneficiary.owner_id == user.pk:
        return reverse("requests:my_detail", kwargs={"reference": obj.reference})
    return reverse("requests:detail", kwargs={"reference": obj.reference})


class WizardDetailsView(WizardStepView):
    template_name = "requests/wizard_details.html"
    step = 2

    def get(self, request, reference):
        self.object = self.get_object()
        return self.render_step(form=DetailsForm(instance=self.object))

    def post(self, request, reference):
        self.object = self.get_object()
        form = DetailsForm(request.POST, instance=self.object)
        if not form.is_valid():
            return self.render_step(form=form)
        services.request_update_details(
            request=self.object,
            actor=request.user,
            details=form.cleaned_data["details"],
            amount_requested=form.cleaned_data["amount_requested"],
        )
        messages.success(request, _("Saved as a draft."))
        return redirect("requests:step_documents", reference=reference)


class WizardDocumentsView(WizardStepView):
    template_name = "requests/wizard_documents.html"
    step = 3

    def _form(self, data=None, files=None):
        return DocumentUploadForm(
            data, files, kinds=self.object.service.required_document_kinds.all()
        )

    def get(self, request, reference):
        self.object = self.get_object()
        return self.render_step(form=self._form())

    def post(self, request, reference):
        self.object = self.get_object()
        form = self._form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_step(form=form)
        try:
            services.document_add(
                request=self.object,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
                expiry_date=form.cleaned_data["expiry_date"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_step(form=form)
        messages.success(request, _("The document was added to your file."))
        return redirect("requests:step_documents", reference=reference)


class WizardReviewView(WizardStepView):
    template_name = "requests/wizard_review.html"
    step = 4

    def get(self, request, reference):
        self.object = self.get_object()
        return self.render_step()


class WizardDeclarationView(WizardStepView):
    template_name = "requests/wizard_declaration.html"
    step = 5

    def render_step(self, **context):
        context.setdefault("form", DeclarationForm())
        if self.request.user.has_role(Role.RECEPTION):
            context.setdefault("paper_form", SignedFormUploadForm())
        context.update(declaration=DECLARATION_TEXT, two_weeks=TWO_WEEKS_TEXT)
        return super().render_step(**context)

    def get(self, request, reference):
        self.object = self.get_object()
        return self.render_step()

    def post(self, request, reference):
        self.object = self.get_object()
        if "signed_form" in request.FILES and request.user.has_role(Role.RECEPTION):
            paper = SignedFormUploadForm(request.POST, request.FILES)
            if not paper.is_valid():
                return self.render_step(paper_form=paper)
            submit = self._paper(paper)
            form = None
        else:
            form = DeclarationForm(request.POST)
            if not form.is_valid():
                return self.render_step(form=form)
            submit = self._screen(form)
        try:
            submitted = submit()
        except ValidationError as error:
            if form is not None and hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
                return self.render_step(form=form)
            messages.error(request, error_text(error))
            return self.render_step(form=form or DeclarationForm())
        messages.success(
            request,
            _("Your request %(reference)s was submitted. Keep this number to follow it.")
            % {"reference": submitted.reference},
        )
        return redirect(_after_submit_url(request.user, submitted))

    def _screen(self, form):
        return lambda: services.request_declare_and_submit(
            request=self.object,
            actor=self.request.user,
            typed_name=form.cleaned_data["typed_name"],
            signature=form.cleaned_data["signature"],
            ip=client_ip(self.request),
        )

    def _paper(self, paper):
        def submit():
            services.request_attach_signed_form(
                request=self.object, actor=self.request.user, file=paper.cleaned_data["signed_form"]
            )
            return services.request_submit(request=self.object, actor=self.request.user)

        return submit


class MyRequestDetailView(RoleView):
    roles = APPLICANT

    def get(self, request, reference):
        obj = selectors.request_for_applicant(user=request.user, reference=reference)
        timeline = obj.timeline.all()
        return render(
            request,
            "requests/request_my_detail.html",
            {
                "object": obj,
                "timeline": timeline,
                "story": STATUS_STORY.get(Status(obj.status)),
                "editable": Status(obj.status) in EDITABLE,
                "can_withdraw": (Status(obj.status), Status.WITHDRAWN) in MOVE_TABLE,
                "two_weeks": TWO_WEEKS_TEXT,
                "missing": _missing(obj),
                "due": due_state(obj),
            },
        )


class WithdrawView(RoleView):
    roles = APPLICANT

    def get(self, request, reference):
        obj = selectors.request_for_applicant(user=request.user, reference=reference)
        form = ConfirmForm(initial={"expected": obj.status})
        return render(request, "requests/request_withdraw.html", {"object": obj, "form": form})

    def post(self, request, reference):
        obj = selectors.request_for_applicant(user=request.user, reference=reference)
        form = ConfirmForm(request.POST)
        if form.is_valid():
            try:
                services.request_transition(
                    request=obj,
                    to=Status.WITHDRAWN,
                    actor=request.user,
                    note=form.cleaned_data["note"],
                    expected=Status(form.cleaned_data["expected"]),
                )
                messages.success(request, _("Your request was withdrawn."))
            except ValidationError as error:
                messages.error(request, error_text(error))
        return redirect("requests:my_detail", reference=reference)


class ReceiptView(RoleView):
    """The acknowledgement receipt, for the applicant and for staff."""

    roles = frozenset({Role.APPLICANT}) | STAFF_ROLES

    def get(self, request, reference):
        if request.user.roles & STAFF_ROLES:
            obj = selectors.request_for_staff(user=request.user, reference=reference)
        else:
            obj = selectors.request_for_applicant(user=request.user, reference=reference)
        if obj.submitted_at is None:
            raise Http404
        track_url = request.build_absolute_uri(reverse("requests:track"))
        pdf = render_pdf(
            "requests/pdf/receipt.html",
            {
                "object": obj,
                "qr": services.qr_data_uri(f"{track_url}?reference={obj.reference}"),
                "track_url": track_url,
                "declaration": DECLARATION_TEXT,
                "two_weeks": TWO_WEEKS_TEXT,
                "printed_on": timezone.localdate(),
            },
            request=request,
        )
        return pdf_response(pdf, f"receipt-{obj.reference}")


# ---------------------------------------------------------------------------------------------
# Public: tracking, catalogue, public tools.


class TrackView(View):
    def get(self, request):
        form = TrackingForm(initial={"reference": request.GET.get("reference", "")})
        return render(request, "requests/track.html", {"form": form})

    def post(self, request):
        form = TrackingForm(request.POST)
        context = {"form": form}
        if form.is_valid():
            try:
                found = services.tracking_lookup(
                    reference=form.cleaned_data["reference"],
                    national_id=form.cleaned_data["national_id"],
                    ip=client_ip(request),
                )
            except services.RateLimited:
                context["limited"] = True
                return render(request, "requests/track.html", context, status=429)
            context.update(searched=True, found=found)
        return render(request, "requests/track.html", context)


class CatalogueView(View):
    def get(self, request):
        rows = Service.objects.filter(is_active=True).prefetch_related("required_document_kinds")
        return render(request, "requests/service_catalogue.html", {"rows": rows})


class ToolListView(View):
    def get(self, request):
        rows = selectors.tools_for(user=request.user)
        if request.user.is_authenticated and request.user.has_role(Role.MANAGER):
            rows = StaffTool.objects.all()
        return render(request, "requests/tool_list.html", {"rows": rows})


class ToolDownloadView(View):
    def get(self, request, pk):
        tool = selectors.tools_for(user=request.user).filter(pk=pk).first()
        if tool is None or not tool.file:
            raise Http404
        return _file_response(tool.file, tool.original_name, tool.content_type)


def _file_response(field, name, content_type):
    return private_file_response(field, filename=name, content_type=content_type)


# ---------------------------------------------------------------------------------------------
# Staff: queues, detail, actions.


class QueueView(RoleView):
    roles = frozenset({Role.RECEPTION, Role.RESEARCHER, Role.MANAGER, Role.COMMITTEE})
    template_name = "requests/request_queue.html"
    title = ""

    def base_queryset(self):
        return selectors.staff_queue(user=self.request.user)

    def get(self, request):
        filterset = RequestFilter(request.GET, queryset=self.base_queryset())
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            self.template_name,
            {
                "filter": filterset,
                "page": page,
                "query": query.urlencode(),
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


class QueueExportView(QueueView):
    def get(self, request):
        filterset = RequestFilter(request.GET, queryset=self.base_queryset())
        return _csv(filterset.qs)


class ResearchQueueExportView(ResearchQueueView):
    def get(self, request):
        filterset = RequestFilter(request.GET, queryset=self.base_queryset())
        return _csv(filterset.qs)


class _Echo:
    def write(self, value):
        return value


def _csv(queryset):
    today = timezone.localdate()
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so that spreadsheet programs read the Arabic as UTF-8
        yield writer.writerow(
            [
                _("reference number"),
                _("beneficiary"),
                _("ID number"),
                _("service"),
                _("status"),
                _("channel"),
                _("submitted at"),
                _("decision due"),
                _("days left"),
                _("social researcher"),
            ]
        )
        for r in queryset.iterator(chunk_size=500):
            due = due_state(r, today)
            yield writer.writerow(
                [
                    r.reference,
                    r.beneficiary.full_name,
                    r.beneficiary.national_id,
                    r.service.name,
                    r.get_status_display(),
                    r.get_channel_display(),
                    timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")
                    if r.submitted_at
                    else "",
                    r.decision_due.isoformat() if r.decision_due else "",
                    due.days_left if due else "",
                    r.researcher.get_full_name() if r.researcher else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="requests.csv"'
    return response


class StaffDetailView(RoleView):
    roles = STAFF_ROLES

    def get(self, request, reference):
        obj = selectors.request_for_staff(user=request.user, reference=reference)
        return render(
            request,
            "requests/request_detail.html",
            {
                "object": obj,
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
            self.request, "requests/request_move.html", {"object": obj, "move": move, "form": form}
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


class WalkInView(RoleView):
    roles = frozenset({Role.RECEPTION})

    def get(self, request):
        initial = {"national_id": request.GET.get("national_id", "")}
        return render(
            request, "requests/request_walk_in.html", {"form": WalkInForm(initial=initial)}
        )

    def post(self, request):
        form = WalkInForm(request.POST)
        if not form.is_valid():
            return render(request, "requests/request_walk_in.html", {"form": form})
        created = services.request_start(
            beneficiary=form.cleaned_data["beneficiary"],
            service=form.cleaned_data["service"],
            actor=request.user,
            token=form.cleaned_data["token"],
            channel=form.cleaned_data["channel"],
        )
        return redirect("requests:step_details", reference=created.reference)


# ---------------------------------------------------------------------------------------------
# Contact log and referrals.


class ContactListView(RoleView):
    roles = DESK

    def get(self, request):
        filterset = ContactFilter(request.GET, queryset=selectors.contacts(user=request.user))
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "requests/contact_list.html",
            {"filter": filterset, "page": page, "query": query.urlencode()},
        )


class ContactCreateView(RoleView):
    roles = DESK

    def get(self, request):
        form = ContactForm(initial={"reference": request.GET.get("reference", "")})
        return render(request, "requests/contact_create.html", {"form": form})

    def post(self, request):
        form = ContactForm(request.POST)
        if not form.is_valid():
            return render(request, "requests/contact_create.html", {"form": form})
        data = form.cleaned_data
        services.contact_log(
            actor=request.user,
            channel=data["channel"],
            kind=data["kind"],
            summary=data["summary"],
            beneficiary=data["beneficiary"],
            request=data["request"],
            visitor_name=data["visitor_name"],
            visitor_phone=data["visitor_phone"],
            refer_question=data["refer_question"],
            researcher=data["researcher"],
        )
        messages.success(request, _("The contact was logged."))
        return redirect("requests:contacts")


class ReferralListView(RoleView):
    roles = DESK

    def get(self, request):
        rows = selectors.referrals(user=request.user)
        if request.GET.get("open"):
            rows = rows.filter(answered_at__isnull=True)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "requests/referral_list.html",
            {
                "page": page,
                "form": ReferralAnswerForm(),
                "can_answer": request.user.has_role(Role.RESEARCHER),
            },
        )


class ReferralAnswerView(RoleView):
    roles = RESEARCH

    def post(self, request, pk):
        referral = get_object_or_404(selectors.referrals(user=request.user), pk=pk)
        form = ReferralAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please write the answer."))
            return redirect("requests:referrals")
        try:
            services.referral_answer(
                referral=referral, actor=request.user, answer=form.cleaned_data["answer"]
            )
            messages.success(request, _("Your answer was saved."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        return redirect("requests:referrals")


# ---------------------------------------------------------------------------------------------
# Managers: the catalogue and the officer's tools.


class ServiceListView(RoleView):
    roles = MANAGERS

    def get(self, request):
        rows = Service.objects.prefetch_related("required_document_kinds")
        return render(request, "requests/service_list.html", {"rows": rows})


class CatalogueEditView(RoleView):
    """Create or edit a service or an officer's tool."""

    roles = MANAGERS
    model = Service
    form_class = ServiceForm
    list_url = "requests:services"
    template_name = "requests/service_form.html"

    def _instance(self, pk):
        return get_object_or_404(self.model, pk=pk) if pk else None

    def get(self, request, pk=None):
        form = self.form_class(instance=self._instance(pk))
        return render(request, self.template_name, {"form": form, "object": form.instance})

    def post(self, request, pk=None):
        form = self.form_class(request.POST, request.FILES, instance=self._instance(pk))
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "object": form.instance})
        services.catalogue_save(form=form, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect(self.list_url)


class ToolEditView(CatalogueEditView):
    model = StaffTool
    form_class = StaffToolForm
    list_url = "requests:tools"
    template_name = "requests/tool_form.html"

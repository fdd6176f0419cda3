"""The applicant's pages: my requests, the wizard (reception also uses it for a visitor),
withdrawing and the receipt."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from makin.case import request_sections
from makin.http import client_ip
from makin.pdf import pdf_response, render_pdf
from makin.rules import holds
from makin.views import report_error
from makin.wording import reader_of, words

from .. import selectors, services
from ..deadlines import due_state
from ..forms import (
    ConfirmForm,
    DeclarationForm,
    DetailsForm,
    DocumentUploadForm,
    MissingItemAnswerForm,
    ServiceChoiceForm,
    SignedFormUploadForm,
)
from ..models import Status
from ..text import DECLARATION_TEXT, STATUS_STORY, TWO_WEEKS_TEXT
from ..workflow import EDITABLE, MOVE_TABLE
from .base import (
    CapabilityView,
    _missing,
    editable_request,
    item_rows,
    missing_item_answer,
)


class MyRequestsView(CapabilityView):
    capability = "requests.view_own_requests"

    def get(self, request):
        rows, has_file = selectors.my_requests_read(user=request.user)
        return render(
            request,
            "requests/request_my_list.html",
            {"rows": rows, "editable": EDITABLE, "has_file": has_file},
        )


class WizardStartView(CapabilityView):
    capability = "requests.start_request"

    def get(self, request):
        return self._page(request, ServiceChoiceForm())

    def post(self, request):
        form = ServiceChoiceForm(request.POST)
        beneficiary = selectors.file_of(user=request.user)
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
            report_error(request, error)
            return self._page(request, form)
        return redirect("requests:step_details", reference=created.reference)

    def _page(self, request, form):
        return render(
            request,
            "requests/wizard_service.html",
            {"form": form, "has_file": selectors.has_file(user=request.user), "step": 1},
        )


class WizardStepView(CapabilityView):
    capability = "requests.fill_request"
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

    @property
    def reader(self):
        return reader_of(self.request.user, owner_id=self.object.beneficiary.owner_id)

    def render_step(self, **context):
        obj = context.setdefault("object", self.object)
        context.update(step=self.step, missing=_missing(obj), reader=self.reader)
        context.setdefault("checklist", selectors.document_checklist(obj))
        return render(self.request, self.template_name, context)


class _Done(Exception):
    def __init__(self, request):
        self.request = request


def _after_submit_url(user, obj) -> str:
    if obj.beneficiary.owner_id == user.pk and holds(user, "requests.view_own_requests"):
        return reverse("requests:my_detail", kwargs={"reference": obj.reference})
    return reverse("requests:detail", kwargs={"reference": obj.reference})


class WizardDetailsView(WizardStepView):
    template_name = "requests/wizard_details.html"
    step = 2

    def get(self, request, reference):
        self.object = self.get_object()
        return self.render_step(form=DetailsForm(instance=self.object, reader=self.reader))

    def post(self, request, reference):
        self.object = self.get_object()
        form = DetailsForm(request.POST, instance=self.object, reader=self.reader)
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
        messages.success(request, words("requests.document_added", reader=self.reader))
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
        if holds(self.request.user, "requests.attach_signed_form"):
            context.setdefault("paper_form", SignedFormUploadForm())
        context.update(declaration=DECLARATION_TEXT, two_weeks=TWO_WEEKS_TEXT)
        return super().render_step(**context)

    def get(self, request, reference):
        self.object = self.get_object()
        return self.render_step()

    def post(self, request, reference):
        self.object = self.get_object()
        if "signed_form" in request.FILES and holds(request.user, "requests.attach_signed_form"):
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
            report_error(request, error, form)
            return self.render_step(form=form or DeclarationForm())
        messages.success(
            request, words("requests.submitted", reader=self.reader, reference=submitted.reference)
        )
        return redirect(_after_submit_url(request.user, submitted))

    def _screen(self, form):
        return lambda: services.request_declare_and_submit(
            request=self.object,
            actor=self.request.user,
            typed_name=form.cleaned_data["typed_name"],
            signature=form.cleaned_data["signature"],
            sign_by_typing=form.cleaned_data["sign_by_typing"],
            ip=client_ip(self.request),
        )

    def _paper(self, paper):
        def submit():
            services.request_attach_signed_form(
                request=self.object, actor=self.request.user, file=paper.cleaned_data["signed_form"]
            )
            return services.request_submit(request=self.object, actor=self.request.user)

        return submit


def _my_request_page(request, obj, bound=None, lists=None):
    if lists is None:
        lists = selectors.my_request_lists(request=obj)
    rows = item_rows(
        obj,
        staff=False,
        can_answer=holds(request.user, "requests.answer_own_missing_item"),
        bound=bound,
        items=lists["items"],
    )
    return render(
        request,
        "requests/request_my_detail.html",
        {
            "object": obj,
            "timeline": lists["timeline"],
            "story": STATUS_STORY.get(Status(obj.status)),
            "editable": Status(obj.status) in EDITABLE,
            "can_withdraw": (Status(obj.status), Status.WITHDRAWN) in MOVE_TABLE,
            "two_weeks": TWO_WEEKS_TEXT,
            "item_rows": rows,
            "open_items": [row for row in rows if not row.item.is_answered],
            "reader": reader_of(request.user, owner_id=obj.beneficiary.owner_id),
            "due": due_state(obj),
            "sections": request_sections(support_request=obj, user=request.user),
        },
    )


class MyRequestDetailView(CapabilityView):
    capability = "requests.view_own_requests"

    def get(self, request, reference):
        # The request and its lists in one statement.
        obj, lists = selectors.my_request_read(user=request.user, reference=reference)
        return _my_request_page(request, obj, lists=lists)


class MissingItemAnswerView(CapabilityView):
    """The applicant sends the document for one missing item of their request (the form is on
    the request's page, which shows it again when something is wrong)."""

    capability = "requests.answer_own_missing_item"

    def _fetch(self):
        obj = selectors.request_for_applicant(
            user=self.request.user, reference=self.kwargs["reference"]
        )
        return obj, selectors.missing_item_of(request=obj, pk=self.kwargs["pk"])

    def get(self, request, reference, pk):
        self._fetch()
        return redirect("requests:my_detail", reference=reference)

    def post(self, request, reference, pk):
        obj, item = self._fetch()
        form = MissingItemAnswerForm(request.POST, request.FILES, item=item)
        if not form.is_valid():
            return _my_request_page(request, obj, bound=form)
        try:
            missing_item_answer(request.user, item, form)
        except ValidationError as error:
            form.add_error(None, error)
            return _my_request_page(request, obj, bound=form)
        messages.success(request, _("The document was received and added to your file."))
        return redirect("requests:my_detail", reference=reference)


class WithdrawView(CapabilityView):
    capability = "requests.withdraw_request"

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
                report_error(request, error)
        return redirect("requests:my_detail", reference=reference)


class ReceiptView(CapabilityView):
    """The acknowledgement receipt, for the applicant and for staff."""

    capability = "requests.view_receipt"

    def get(self, request, reference):
        if holds(request.user, "requests.view_request"):
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

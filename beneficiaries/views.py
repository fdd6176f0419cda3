"""Pages of the beneficiary file: the applicant's "my file" pages, and reception's and the
researchers' pages. Each view fetches through a selector that authorises, validates a form,
calls one service and redirects."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from makin.case import case_sections
from makin.channels import Channel
from makin.confirm import Confirmation, confirm_page, is_confirmed
from makin.files import private_file_response
from makin.pdf import pdf_response, render_pdf
from makin.rules import holds, is_applicant
from makin.views import (
    CapabilityRequiredMixin,
    capability_required,
    report_error,
    report_form_errors,
)

from . import selectors, services
from .forms import (
    ActivationForm,
    ActivationLinkForm,
    ApplicantFileForm,
    DocumentForm,
    DuplicateDecisionForm,
    HouseholdFormSet,
    IncomeFormSet,
    RegistrationForm,
    SearchForm,
    StaffFileForm,
    VerifyForm,
    formset_rows,
)
from .models import Beneficiary, DuplicateStatus, FieldGroup, FileAccess

YANBU_DISTRICTS = [
    "ينبع البحر", "ينبع الصناعية", "ينبع النخل", "السميري", "الشرم", "النخيل", "الصريف",
    "الجابرية", "السلام", "الفيصلية", "الروضة", "الأندلس", "الياقوت", "المرجان", "البندر",
    "الدانة", "الحوراء", "بدر", "العيص", "الخزامى",
]  # fmt: skip


class FileMixin(CapabilityRequiredMixin):
    """The file a page works on: the applicant's own (URLs under my/), or the one named by
    `pk` for staff (URLs under staff/), authorised by the selector."""

    staff = False

    def get_capability(self) -> str:
        return "beneficiaries.search_files" if self.staff else "beneficiaries.view_own_file"

    def get_file(self) -> Beneficiary:
        if not hasattr(self, "_file"):
            if self.staff:
                self._file = selectors.beneficiary_get_for_user(
                    user=self.request.user, pk=self.kwargs["pk"]
                )
            else:
                self._file = selectors.beneficiary_of(self.request.user)
                if self._file is None:
                    raise Http404
        return self._file

    def file_url(self, name: str) -> str:
        if self.staff:
            return reverse(f"beneficiaries:staff_{name}", kwargs={"pk": self.get_file().pk})
        return reverse(f"beneficiaries:my_{name}")

    def require_change(self, file: Beneficiary) -> None:
        if not holds(self.request.user, "beneficiaries.change_file", file):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            staff_view=self.staff,
            file=self.get_file(),
            file_detail_url=self.file_url("file")
            if self.staff
            else reverse("beneficiaries:my_file"),
        )
        return context


def _file_page_context(*, request, file, staff: bool, page=None) -> dict:
    today = timezone.localdate()
    # The file's lists and, for staff, the case's sections: one query.
    if page is None:
        page = selectors.file_page_read(beneficiary=file, user=request.user, staff=staff)
    return {
        "file": file,
        "staff_view": staff,
        "today": today,
        "documents": page.documents,
        "verifications": page.verifications,
        "household": page.household,
        "incomes": page.incomes,
        "checklist": selectors.file_checklist(
            beneficiary=file,
            today=today,
            documents=page.documents,
            verifications=page.verifications,
            required_kinds=page.required_kinds,
        ),
        "sent_messages": page.messages,
        "can_verify": staff and holds(request.user, "beneficiaries.verify_file"),
        "can_change": holds(request.user, "beneficiaries.change_file", file),
        "case_sections": page.sections,
    }


# The applicant ---------------------------------------------------------------------------------


class ApplicantRequiredMixin(CapabilityRequiredMixin):
    capability = "beneficiaries.view_own_file"


@method_decorator(never_cache, name="dispatch")
class MyFileView(ApplicantRequiredMixin, TemplateView):
    template_name = "beneficiaries/file_detail.html"

    def get(self, request, *args, **kwargs):
        file = selectors.beneficiary_of(request.user)
        if file is None:
            return redirect("beneficiaries:my_file_create")
        context = _file_page_context(request=request, file=file, staff=False)
        return self.render_to_response(context)


class FileFormView(TemplateView):
    """Create or edit the file's data and income sources together."""

    template_name = "beneficiaries/file_form.html"

    def forms(self, file: Beneficiary | None):
        data = self.request.POST if self.request.method == "POST" else None
        form = self.make_form(data=data, instance=file)
        incomes = IncomeFormSet(data=data, instance=file or Beneficiary(), prefix="incomes")
        return form, incomes

    def render_forms(self, form, incomes, **extra):
        return self.render_to_response(
            self.get_context_data(form=form, incomes=incomes, districts=YANBU_DISTRICTS, **extra)
        )


@method_decorator(never_cache, name="dispatch")
class MyFileCreateView(ApplicantRequiredMixin, FileFormView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and selectors.beneficiary_of(request.user):
            return redirect("beneficiaries:my_file")
        return super().dispatch(request, *args, **kwargs)

    def make_form(self, **kwargs):
        return ApplicantFileForm(national_id=self.request.user.national_id, **kwargs)

    def get(self, request, *args, **kwargs):
        initial = {"first_name": request.user.first_name, "family_name": request.user.last_name}
        form = ApplicantFileForm(
            national_id=request.user.national_id,
            initial={**initial, "mobile": request.user.mobile, "email": request.user.email},
        )
        return self.render_forms(form, IncomeFormSet(prefix="incomes"), creating=True)

    def post(self, request, *args, **kwargs):
        form, incomes = self.forms(None)
        if form.is_valid() and incomes.is_valid():
            try:
                services.beneficiary_create(
                    actor=request.user,
                    owner=request.user,
                    fields=form.file_fields(),
                    incomes=formset_rows(incomes),
                    consent_version=settings.MAKIN_PRIVACY_NOTICE_VERSION,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Your file is saved. Now add your household and your documents.")
                )
                return redirect("beneficiaries:my_household")
        return self.render_forms(form, incomes, creating=True)


class FileEditView(FileMixin, FileFormView):
    def make_form(self, **kwargs):
        if self.staff:
            return StaffFileForm(**kwargs)
        return ApplicantFileForm(national_id=self.request.user.national_id, **kwargs)

    def get(self, request, *args, **kwargs):
        file = self.get_file()
        self.require_change(file)
        form, incomes = self.forms(file)
        return self.render_forms(form, incomes)

    def post(self, request, *args, **kwargs):
        file = self.get_file()
        self.require_change(file)
        form, incomes = self.forms(file)
        if form.is_valid() and incomes.is_valid():
            fields = form.file_fields()
            if self.staff:
                fields["national_id"] = form.cleaned_data["national_id"]
            try:
                services.beneficiary_update(
                    beneficiary=file,
                    actor=request.user,
                    fields=fields,
                    incomes=formset_rows(incomes),
                    consent_version=(
                        settings.MAKIN_PRIVACY_NOTICE_VERSION
                        if form.cleaned_data.get("consent")
                        else None
                    ),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The file is saved."))
                return redirect(self.get_context_data()["file_detail_url"])
        return self.render_forms(form, incomes)


class HouseholdView(FileMixin, TemplateView):
    template_name = "beneficiaries/household_form.html"

    def get(self, request, *args, **kwargs):
        file = self.get_file()
        self.require_change(file)
        formset = HouseholdFormSet(instance=file, prefix="household")
        return self.render_to_response(self.get_context_data(formset=formset))

    def post(self, request, *args, **kwargs):
        file = self.get_file()
        self.require_change(file)
        formset = HouseholdFormSet(data=request.POST, instance=file, prefix="household")
        if formset.is_valid():
            try:
                services.household_save(
                    beneficiary=file, actor=request.user, rows=formset_rows(formset)
                )
            except ValidationError as error:
                report_error(request, error)
            else:
                messages.success(request, _("The household is saved."))
                if "add_another" in request.POST:
                    return redirect(self.file_url("household"))
                return redirect(self.file_url("documents"))
        return self.render_to_response(self.get_context_data(formset=formset))


class DocumentsView(FileMixin, TemplateView):
    template_name = "beneficiaries/document_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        file = self.get_file()
        context.setdefault("form", DocumentForm())
        context["documents"] = list(selectors.file_documents(beneficiary=file))
        context["can_upload"] = self.can_upload(file)
        return context

    def can_upload(self, file) -> bool:
        return holds(self.request.user, "beneficiaries.upload_file_document", file)

    def post(self, request, *args, **kwargs):
        file = self.get_file()
        if not self.can_upload(file):
            raise PermissionDenied
        form = DocumentForm(data=request.POST, files=request.FILES)
        if form.is_valid():
            try:
                services.document_upload(
                    beneficiary=file,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["upload"],
                    expiry_date=form.cleaned_data["expiry_date"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The document is uploaded."))
                return redirect(self.file_url("documents"))
        return self.render_to_response(self.get_context_data(form=form))


# Documents, for both ---------------------------------------------------------------------------


@never_cache
@capability_required("beneficiaries.open_documents")
def document_download(request, uuid):
    """The document's bytes, only to those who may see it; never from a public URL."""
    document = services.document_open(user=request.user, uuid=uuid)
    return private_file_response(
        document.file,
        filename=document.original_name,
        content_type=document.content_type,
        as_attachment=request.GET.get("download") == "1",
    )


class DocumentDeleteView(CapabilityRequiredMixin, View):
    capability = "beneficiaries.open_documents"

    def get(self, request, uuid):
        return self._confirm(request, selectors.document_get_for_user(user=request.user, uuid=uuid))

    def _confirm(self, request, document):
        if not holds(request.user, "beneficiaries.delete_file_document", document):
            raise PermissionDenied
        file = document.beneficiary
        if request.user.pk == file.owner_id:
            back = reverse("beneficiaries:my_documents")
        else:
            back = reverse("beneficiaries:staff_documents", kwargs={"pk": file.pk})
        return confirm_page(
            request,
            Confirmation(
                title=_("Remove a document"),
                happens=[
                    _("“%(kind)s” (%(name)s) is removed from the file of %(person)s.")
                    % {
                        "kind": document.kind.name,
                        "name": document.original_name,
                        "person": file.full_name,
                    },
                    _("A request that needs this document will need it uploaded again."),
                ],
                back=back,
                button=_("Remove the document"),
            ),
        )

    def post(self, request, uuid):
        document = selectors.document_get_for_user(user=request.user, uuid=uuid)
        if not is_confirmed(request):
            return self._confirm(request, document)
        file = document.beneficiary
        try:
            services.document_delete(document=document, actor=request.user)
        except PermissionDenied:
            messages.error(request, _("A verified document cannot be removed."))
        else:
            messages.success(request, _("The document is removed."))
        if request.user.pk == file.owner_id:
            return redirect("beneficiaries:my_documents")
        return redirect("beneficiaries:staff_documents", pk=file.pk)


def _verification_record(request, service, success: str, **what) -> None:
    """Record staff's check posted with `VerifyForm` through `service` (a document's or a part
    of the file's), and say on the next page how it went."""
    form = VerifyForm(data=request.POST)
    if not form.is_valid():
        report_form_errors(request, form)
        return
    try:
        service(
            **what,
            actor=request.user,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            today=timezone.localdate(),
        )
    except ValidationError as error:
        report_error(request, error)
    else:
        messages.success(request, success)


class DocumentVerifyView(CapabilityRequiredMixin, View):
    capability = "beneficiaries.verify_file"

    def post(self, request, uuid):
        document = selectors.document_get_for_user(user=request.user, uuid=uuid)
        _verification_record(
            request,
            services.document_verify,
            _("The document's verification is recorded."),
            document=document,
        )
        url = reverse("beneficiaries:staff_file", kwargs={"pk": document.beneficiary_id})
        return redirect(f"{url}#documents")


@never_cache
@capability_required("beneficiaries.view_own_file")
def my_data_export(request):
    """Everything the association holds on the person, as a ZIP: data.json and the documents."""
    file = selectors.beneficiary_of(request.user)
    if file is None:
        raise Http404
    return _data_export(file)


@never_cache
@capability_required("beneficiaries.search_files")
def staff_data_export(request, pk):
    file = selectors.beneficiary_get_for_user(user=request.user, pk=pk)
    services.beneficiary_record_access(
        beneficiary=file, user=request.user, action=FileAccess.Action.EXPORT
    )
    return _data_export(file)


def _data_export(file):
    archive = selectors.file_data_export(beneficiary=file)
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="makin-file-{file.national_id}.zip"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PrivacyNoticeView(TemplateView):
    template_name = "beneficiaries/privacy_notice.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(version=settings.MAKIN_PRIVACY_NOTICE_VERSION, **kwargs)


# Staff ------------------------------------------------------------------------------------------


class SearchView(CapabilityRequiredMixin, TemplateView):
    capability = "beneficiaries.search_files"
    template_name = "beneficiaries/beneficiary_search.html"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(data=self.request.GET or None)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        page = selectors.search_page(
            query=query, number=self.request.GET.get("page"), per_page=self.paginate_by
        )
        context.update(form=form, query=query, page=page, files=page.object_list)
        return context


@method_decorator(never_cache, name="dispatch")
class StaffFileView(CapabilityRequiredMixin, TemplateView):
    capability = "beneficiaries.search_files"
    template_name = "beneficiaries/file_detail.html"

    def get(self, request, pk):
        if holds(request.user, "beneficiaries.view_file"):
            # Every file (the roles that search files): the file, its lists, the case and the
            # look's access-log row in one statement.
            file, page = selectors.file_page_open(
                pk=pk,
                user=request.user,
                write=services.file_access_write(
                    user=request.user, beneficiary_id=pk, action=FileAccess.Action.FILE
                ),
            )
        else:
            # The page shows the file's category; of its other links only their ids.
            file = selectors.beneficiary_get_for_user(
                user=request.user, pk=pk, related=["category"]
            )
            services.beneficiary_record_access(
                beneficiary=file, user=request.user, action=FileAccess.Action.FILE
            )
            page = None
        context = _file_page_context(request=request, file=file, staff=True, page=page)
        return self.render_to_response(context)


@method_decorator(never_cache, name="dispatch")
class CaseSummaryPdfView(CapabilityRequiredMixin, View):
    """The person's case on paper: identity, what is missing, and the parts of the case the
    reader's role may see."""

    capability = "beneficiaries.search_files"

    def get(self, request, pk):
        file = selectors.beneficiary_get_for_user(user=request.user, pk=pk)
        services.beneficiary_record_access(
            beneficiary=file, user=request.user, action=FileAccess.Action.FILE
        )
        today = timezone.localdate()
        pdf = render_pdf(
            "beneficiaries/pdf/case_summary.html",
            {
                "file": file,
                "today": today,
                "checklist": selectors.file_checklist(beneficiary=file, today=today),
                "case_sections": case_sections(beneficiary=file, user=request.user),
            },
            request=request,
        )
        return pdf_response(pdf, f"case-{file.national_id}")


class RegisterView(CapabilityRequiredMixin, TemplateView):
    capability = "beneficiaries.register_file"
    template_name = "beneficiaries/beneficiary_register.html"

    def get(self, request):
        form = RegistrationForm(initial={"registered_via": Channel.INTERVIEW})
        return self.render_to_response(
            self.get_context_data(
                form=form, incomes=IncomeFormSet(prefix="incomes"), districts=YANBU_DISTRICTS
            )
        )

    def post(self, request):
        form = RegistrationForm(data=request.POST)
        incomes = IncomeFormSet(data=request.POST, instance=Beneficiary(), prefix="incomes")
        if form.is_valid() and incomes.is_valid():
            fields = {**form.file_fields(), "national_id": form.cleaned_data["national_id"]}
            try:
                file = services.beneficiary_create(
                    actor=request.user,
                    fields=fields,
                    incomes=formset_rows(incomes),
                    registered_via=form.cleaned_data["registered_via"],
                    consent_version=settings.MAKIN_PRIVACY_NOTICE_VERSION,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The file is created."))
                return redirect("beneficiaries:staff_file", pk=file.pk)
        return self.render_to_response(
            self.get_context_data(form=form, incomes=incomes, districts=YANBU_DISTRICTS)
        )


class GroupVerifyView(CapabilityRequiredMixin, View):
    capability = "beneficiaries.verify_file"

    def post(self, request, pk, group):
        file = selectors.beneficiary_get_for_user(user=request.user, pk=pk)
        if group not in FieldGroup.values:
            raise Http404
        _verification_record(
            request,
            services.field_group_verify,
            _("The verification is recorded."),
            beneficiary=file,
            group=group,
        )
        return redirect(
            f"{reverse('beneficiaries:staff_file', kwargs={'pk': file.pk})}#group-{group}"
        )


class HistoryView(CapabilityRequiredMixin, TemplateView):
    capability = "beneficiaries.read_file_history"
    template_name = "beneficiaries/file_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        file = selectors.beneficiary_get_for_user(user=self.request.user, pk=self.kwargs["pk"])
        services.beneficiary_record_access(
            beneficiary=file, user=self.request.user, action=FileAccess.Action.HISTORY
        )
        context.update(
            file=file,
            entries=selectors.file_history(beneficiary=file),
            accesses=selectors.file_accesses(beneficiary=file),
        )
        return context


class InviteView(CapabilityRequiredMixin, TemplateView):
    capability = "beneficiaries.invite_holder"
    template_name = "beneficiaries/beneficiary_invite.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["file"] = selectors.beneficiary_get_for_user(
            user=self.request.user, pk=self.kwargs["pk"]
        )
        return context

    def post(self, request, pk):
        file = selectors.beneficiary_get_for_user(user=request.user, pk=pk)
        try:
            invite, token = services.activation_invite_create(beneficiary=file, actor=request.user)
        except ValidationError as error:
            report_error(request, error)
            return redirect("beneficiaries:staff_file", pk=file.pk)
        link = request.build_absolute_uri(
            reverse("beneficiaries:activate", kwargs={"token": token})
        )
        return self.render_to_response(self.get_context_data(invite=invite, link=link))


class DuplicateQueueView(CapabilityRequiredMixin, TemplateView):
    capability = "beneficiaries.handle_duplicates"
    template_name = "beneficiaries/duplicate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.duplicate_queue(), 25).get_page(self.request.GET.get("page"))
        context.update(page=page, candidates=page.object_list)
        return context


class DuplicateReviewView(CapabilityRequiredMixin, TemplateView):
    capability = "beneficiaries.handle_duplicates"
    template_name = "beneficiaries/duplicate_review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        candidate = selectors.duplicate_get(user=self.request.user, pk=self.kwargs["pk"])
        context.setdefault("form", DuplicateDecisionForm())
        rows = []
        for name in (
            "national_id",
            "full_name",
            "birth_date",
            "mobile",
            "district",
            "registered_via",
            "created_at",
        ):
            label = (
                _("Name") if name == "full_name" else Beneficiary._meta.get_field(name).verbose_name
            )
            values = []
            for file in (candidate.file, candidate.other):
                display = getattr(file, f"get_{name}_display", None)
                values.append(display() if display else getattr(file, name))
            rows.append((label, *values))
        context.update(
            candidate=candidate, rows=rows, is_open=candidate.status == DuplicateStatus.OPEN
        )
        return context

    def post(self, request, pk):
        candidate = selectors.duplicate_get(user=request.user, pk=pk)
        form = DuplicateDecisionForm(data=request.POST)
        if form.is_valid():
            decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"]
            try:
                if decision == form.DISTINCT:
                    services.duplicate_mark_distinct(
                        candidate=candidate, actor=request.user, reason=reason
                    )
                    messages.success(request, _("The two files are kept as different people."))
                    return redirect("beneficiaries:duplicates")
                keep = candidate.file if decision == form.KEEP_FILE else candidate.other
                kept = services.duplicate_merge(
                    candidate=candidate, keep=keep, actor=request.user, reason=reason
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The files are merged."))
                return redirect("beneficiaries:staff_file", pk=kept.pk)
        return self.render_to_response(self.get_context_data(form=form))


# Activation of a walk-in's online account ------------------------------------------------------


@method_decorator(never_cache, name="dispatch")
class ActivateView(TemplateView):
    template_name = "beneficiaries/activate.html"

    def dispatch(self, request, *args, **kwargs):
        self.invite = services.activation_invite_get(token=kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def form_class(self):
        return ActivationLinkForm if self.request.user.is_authenticated else ActivationForm

    def get(self, request, token):
        return self.render_to_response(
            self.get_context_data(invite=self.invite, form=self.form_class()())
        )

    def post(self, request, token):
        if self.invite is None:
            return self.get(request, token)
        user = request.user if request.user.is_authenticated else None
        if user is not None and not is_applicant(user):
            raise PermissionDenied
        form = self.form_class()(data=request.POST)
        if form.is_valid():
            try:
                account = services.activation_invite_accept(
                    token=token,
                    national_id=form.cleaned_data["national_id"],
                    password=form.cleaned_data.get("password1"),
                    email=form.cleaned_data.get("email", ""),
                    user=user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if user is None:
                    login(request, account, backend="makin.backends.IdentifierBackend")
                messages.success(request, _("Your online account is ready and holds your file."))
                return redirect("beneficiaries:my_file")
        return self.render_to_response(self.get_context_data(invite=self.invite, form=form))

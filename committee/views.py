"""The committee's pages: thin views that fetch through selectors, validate a form, call one
service and turn a refusal into a message next to the field or at the top of the page."""

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from makin.confirm import Confirmation, confirm_page, is_confirmed
from makin.display import money
from makin.files import private_file_response
from makin.pdf import pdf_response
from makin.rules import is_committee_chair
from makin.views import CapabilityRequiredMixin, report_error
from requests.models import Status

from . import documents, selectors, services
from .forms import (
    DECISION_FORMS,
    AgendaAddForm,
    AttendanceForm,
    DeliveryForm,
    MeetingForm,
    MemberForm,
    RejectionReasonForm,
    VoteForm,
)
from .models import DELIVERABLE, MeetingStatus, Outcome, SupportKind


class MeetingObject:
    """A page of one meeting (URL argument `number`): fetched and authorised once."""

    @cached_property
    def meeting(self):
        return selectors.meeting_get(user=self.request.user, number=self.kwargs["number"])


class ItemObject:
    """A page of one agenda item (URL argument `pk`): fetched and authorised once."""

    @cached_property
    def item(self):
        return selectors.item_get(user=self.request.user, pk=self.kwargs["pk"])


class MemberRequired(CapabilityRequiredMixin):
    capability = "committee.view_committee"


class ChairRequired(CapabilityRequiredMixin):
    capability = "committee.chair_committee"


# Meetings --------------------------------------------------------------------------------------


class MeetingListView(MemberRequired, TemplateView):
    template_name = "committee/meeting_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page=selectors.meeting_list_page(
                user=self.request.user, cursor=self.request.GET.get("cursor")
            ),
            is_chair=is_committee_chair(self.request.user),
        )


class MeetingCreateView(ChairRequired, View):
    template_name = "committee/meeting_create.html"

    def get(self, request):
        form = MeetingForm(initial={"number": services.next_meeting_number()})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                report_error(request, error, form)
            else:
                messages.success(request, _("The meeting is scheduled."))
                return redirect("committee:meeting_detail", number=meeting.number)
        return render(request, self.template_name, {"form": form})


def _meeting_context(request, meeting, items=None, **forms):
    if items is None:
        items = selectors.agenda_entries(user=request.user, meeting=meeting)
    attendees = selectors.attendees_of(meeting)
    is_chair = is_committee_chair(request.user)
    context = {
        "meeting": meeting,
        "items": items,
        "attendees": attendees,
        "is_chair": is_chair,
        "quorum": {
            "present": len(attendees),
            "members": meeting.members_count
            if meeting.status != MeetingStatus.SCHEDULED
            else meeting.serving_count,
        },
        "today": timezone.localdate(),
    }
    context["quorum"]["needed"] = services.quorum_needed(context["quorum"]["members"])
    context["quorum"]["reached"] = services.has_quorum(
        present=context["quorum"]["present"], members=context["quorum"]["members"]
    )
    if is_chair and not meeting.is_closed:
        context["attendance_form"] = forms.get("attendance_form") or AttendanceForm(
            initial={"attendees": attendees}, members=selectors.serving_members_of(meeting)
        )
    return context


class MeetingDetailView(MemberRequired, View):
    template_name = "committee/meeting_detail.html"

    def get(self, request, number):
        # The meeting and its agenda in one round trip.
        meeting, items = selectors.meeting_with_agenda(user=request.user, number=number)
        searched = "find" in request.GET or "cursor" in request.GET
        if searched and is_committee_chair(request.user) and not meeting.is_closed:
            # The agenda's candidates were once searched and paged on this page: such an
            # address now leads to their own page, with the same search.
            return redirect(
                f"{reverse('committee:agenda_add', args=[number])}?{request.GET.urlencode()}"
            )
        return render(request, self.template_name, _meeting_context(request, meeting, items))


class _AttendancePost(ChairRequired, MeetingObject, View):
    """Post the attendees to `service` (opening the meeting, or correcting who attends); on a
    refusal the meeting's page again, with the form and the reason."""

    service = None
    success_message = ""

    def post(self, request, number):
        meeting = self.meeting
        form = AttendanceForm(request.POST)
        if form.is_valid():
            try:
                self.service(
                    meeting=meeting, attendees=form.cleaned_data["attendees"], actor=request.user
                )
            except ValidationError as error:
                report_error(request, error, form)
            else:
                messages.success(request, self.success_message)
                return redirect("committee:meeting_detail", number=number)
        return render(
            request,
            "committee/meeting_detail.html",
            _meeting_context(request, meeting, attendance_form=form),
        )


class MeetingOpenView(_AttendancePost):
    service = staticmethod(services.meeting_open)
    success_message = gettext_lazy("The meeting is open.")


class MeetingAttendanceView(_AttendancePost):
    service = staticmethod(services.meeting_set_attendees)
    success_message = gettext_lazy("The attendance is recorded.")


class MeetingCloseView(ChairRequired, MeetingObject, View):
    template_name = "committee/meeting_close.html"

    def get(self, request, number):
        meeting = self.meeting
        items = selectors.agenda_items(user=request.user, meeting=meeting)
        undecided = [i for i in items if not hasattr(i, "decision")]
        return render(request, self.template_name, {"meeting": meeting, "undecided": undecided})

    def post(self, request, number):
        meeting = self.meeting
        try:
            services.meeting_close(meeting=meeting, actor=request.user)
        except ValidationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("The meeting is closed. Its minutes are ready."))
        return redirect("committee:meeting_detail", number=number)


def _candidates_context(request, meeting, form=None, candidates=None):
    """The page of the agenda's candidates: a page of them at a time, found by reference or
    name (never thousands drawn), with the form that adds the chosen ones."""
    find = request.GET.get("find", "")
    if candidates is None:
        candidates = selectors.agenda_candidates_page(
            user=request.user, query=find, cursor=request.GET.get("cursor")
        )
    return {
        "meeting": meeting,
        "agenda_form": form
        or AgendaAddForm(candidates=selectors.agenda_candidates(user=request.user)),
        "find": find,
        "candidates": candidates,
    }


class AgendaAddView(ChairRequired, MeetingObject, View):
    """The requests the chair may put on the meeting's agenda, on a page of their own (the
    meeting's page links to it: read and drawn there, they were most of its cost), and the
    form that adds the chosen ones."""

    template_name = "committee/agenda_add.html"

    def get(self, request, number):
        # The meeting and the page of candidates in one round trip.
        meeting, candidates = selectors.agenda_add_page(
            user=request.user,
            number=number,
            query=request.GET.get("find", ""),
            cursor=request.GET.get("cursor"),
        )
        if meeting.is_closed:
            return redirect("committee:meeting_detail", number=number)
        context = _candidates_context(request, meeting, candidates=candidates)
        return render(request, self.template_name, context)

    def post(self, request, number):
        meeting = self.meeting
        form = AgendaAddForm(
            request.POST, candidates=selectors.agenda_candidates(user=request.user)
        )
        if form.is_valid():
            try:
                items = services.agenda_add(
                    meeting=meeting, requests=form.cleaned_data["requests"], actor=request.user
                )
            except ValidationError as error:
                report_error(request, error, form)
            else:
                messages.success(
                    request,
                    _("%(count)s requests added to the agenda.") % {"count": len(items)},
                )
                return redirect("committee:meeting_detail", number=number)
        return render(request, self.template_name, _candidates_context(request, meeting, form))


class MinutesPdfView(MemberRequired, MeetingObject, View):
    def get(self, request, number):
        meeting = self.meeting
        pdf = documents.minutes_pdf(meeting=meeting, user=request.user, request=request)
        return pdf_response(pdf, f"makin-committee-minutes-{meeting.number}", inline=False)


# Agenda items: votes and decisions -------------------------------------------------------------


def _item_context(request, item, **forms):
    user = request.user
    meeting = item.meeting
    votes = list(item.votes.all())
    decision = getattr(item, "decision", None)
    counts = services.tally(votes)
    present = {a.pk for a in meeting.attendees.all()}
    my_vote = next((v for v in votes if v.member_id == user.pk), None)
    can_vote = meeting.is_open and decision is None and user.pk in present
    is_chair = is_committee_chair(user)
    context = {
        "item": item,
        "meeting": meeting,
        "request_obj": item.request,
        "votes": votes,
        "counts": counts,
        "leading": services.leading_outcomes(counts),
        "decision": decision,
        "can_vote": can_vote,
        "my_vote": my_vote,
        "is_chair": is_chair,
        "today": timezone.localdate(),
    }
    if can_vote:
        initial = {}
        if my_vote:
            initial = {
                "opinion": "" if my_vote.conflict_of_interest else my_vote.opinion,
                "conflict_of_interest": my_vote.conflict_of_interest,
                "note": my_vote.note,
            }
        context["vote_form"] = forms.get("vote_form") or VoteForm(initial=initial)
    if is_chair and meeting.is_open and decision is None:
        report = selectors.file_report(item.request)
        approve_initial = {}
        if report and report["proposed_amount"] is not None:
            approve_initial["amount"] = report["proposed_amount"]
        context["decision_forms"] = {
            "approve": forms.get("approve")
            or DECISION_FORMS["approve"](initial=approve_initial, service=item.request.service),
            "reject": forms.get("reject") or DECISION_FORMS["reject"](),
            "defer": forms.get("defer") or DECISION_FORMS["defer"](),
        }
    return context


class ItemDetailView(MemberRequired, ItemObject, View):
    template_name = "committee/item_detail.html"

    def get(self, request, pk):
        item = self.item
        return render(request, self.template_name, _item_context(request, item))


class VoteView(CapabilityRequiredMixin, ItemObject, View):
    capability = "committee.cast_vote"

    def post(self, request, pk):
        item = self.item
        form = VoteForm(request.POST)
        if form.is_valid():
            try:
                services.vote_cast(item=item, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                report_error(request, error, form)
                if not hasattr(error, "error_dict"):
                    return redirect("committee:item_detail", pk=pk)
            else:
                messages.success(request, _("Your opinion is recorded."))
                return redirect("committee:item_detail", pk=pk)
        return render(
            request, "committee/item_detail.html", _item_context(request, item, vote_form=form)
        )


def _decision_confirmation(item, outcome: str, form) -> Confirmation:
    """What recording this decision does, with the amount or the reason, and who is told."""
    request = item.request
    data = form.cleaned_data
    words = {"reference": request.reference, "name": request.beneficiary.full_name}
    if outcome == Outcome.APPROVE:
        happens = [
            _("Request %(reference)s of %(name)s is approved.") % words,
            _("Support granted: %(kind)s.") % {"kind": SupportKind(data["support_kind"]).label},
        ]
        if data.get("amount") is not None:
            happens.append(_("Amount: %(amount)s.") % {"amount": money(data["amount"])})
        if data.get("instalments"):
            happens.append(_("In %(count)s instalments.") % {"count": data["instalments"]})
        if data.get("conditions"):
            happens.append(_("Conditions: %(conditions)s") % {"conditions": data["conditions"]})
    elif outcome == Outcome.REJECT:
        happens = [
            _("Request %(reference)s of %(name)s is rejected.") % words,
            _("Reason: %(reason)s.") % {"reason": data["rejection_reason"]},
            _("Explanation to the applicant: %(text)s") % {"text": data["reason_text"]},
        ]
    else:
        happens = [
            _("Request %(reference)s of %(name)s goes back to the social researcher.") % words,
            _("Questions: %(questions)s") % {"questions": data["questions"]},
        ]
    told = []
    if outcome == Outcome.DEFER:
        told.append(
            _(
                "The applicant is told the request is being studied again; the questions stay "
                "with the committee and the researcher."
            )
        )
    elif request.beneficiary.owner_id:
        told.append(
            _("The applicant, by SMS and by e-mail with the decision letter, and in their account.")
        )
    else:
        told.append(
            _(
                "The applicant has no online account: they are told by SMS; print the letter "
                "for them."
            )
        )
    return Confirmation(
        title=_("Record the committee's decision"),
        happens=happens,
        told=told,
        back=reverse("committee:item_detail", kwargs={"pk": item.pk}),
        button=_("Record the decision"),
    )


class DecideView(CapabilityRequiredMixin, ItemObject, View):
    capability = "committee.record_decision"

    def post(self, request, pk, outcome):
        if outcome not in Outcome.values:
            raise Http404
        item = self.item
        form = DECISION_FORMS[outcome](
            request.POST,
            **({"service": item.request.service} if outcome == Outcome.APPROVE else {}),
        )
        if form.is_valid() and not is_confirmed(request):
            errors = {}
            if outcome == Outcome.APPROVE:
                data = form.cleaned_data
                errors = services.approval_errors(
                    service=item.request.service,
                    support_kind=data["support_kind"],
                    amount=data["amount"],
                    instalments=data["instalments"],
                )
            if not errors:
                return confirm_page(request, _decision_confirmation(item, outcome, form))
            report_error(request, ValidationError(errors), form)
        elif form.is_valid():
            try:
                services.decision_record(
                    item=item, outcome=outcome, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                report_error(request, error, form)
                if not hasattr(error, "error_dict"):
                    return redirect("committee:item_detail", pk=pk)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("committee:meeting_detail", number=item.meeting.number)
        return render(
            request, "committee/item_detail.html", _item_context(request, item, **{outcome: form})
        )


# Members ---------------------------------------------------------------------------------------


class MemberListView(CapabilityRequiredMixin, View):
    capability = "committee.manage_members"
    template_name = "committee/member_list.html"

    def _render(self, request, form):
        return render(
            request,
            self.template_name,
            {
                "members": selectors.members(user=request.user),
                "form": form,
                "quorum_needed": services.quorum_needed(services.serving_members().count()),
            },
        )

    def get(self, request):
        return self._render(request, MemberForm(initial={"term_start": timezone.localdate()}))

    def post(self, request):
        form = MemberForm(request.POST)
        if form.is_valid():
            try:
                services.member_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                report_error(request, error, form)
            else:
                messages.success(request, _("The member is added to the committee."))
                return redirect("committee:member_list")
        return self._render(request, form)


class MemberChairView(CapabilityRequiredMixin, View):
    capability = "committee.manage_members"

    def post(self, request, pk):
        member = selectors.member_get(user=request.user, pk=pk)
        try:
            services.member_make_chair(member=member, actor=request.user)
        except ValidationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("%(name)s now chairs the committee.") % {"name": member})
        return redirect("committee:member_list")


class MemberEndView(CapabilityRequiredMixin, View):
    capability = "committee.manage_members"

    def get(self, request, pk):
        return self._confirm(request, selectors.member_get(user=request.user, pk=pk))

    def _confirm(self, request, member):
        happens = [
            _("%(name)s's term on the committee ends today.") % {"name": member},
            _("They lose the committee's role: no more agendas, votes or decisions."),
        ]
        if member.is_chair:
            happens.append(_("The committee will have no chair until you name one."))
        return confirm_page(
            request,
            Confirmation(
                title=_("End a member's term"),
                happens=happens,
                back=reverse("committee:member_list"),
                button=_("End the term"),
            ),
        )

    def post(self, request, pk):
        member = selectors.member_get(user=request.user, pk=pk)
        if not is_confirmed(request):
            return self._confirm(request, member)
        try:
            services.member_end(member=member, actor=request.user)
        except ValidationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("%(name)s's term has ended.") % {"name": member})
        return redirect("committee:member_list")


class ReasonListView(CapabilityRequiredMixin, View):
    capability = "committee.manage_members"
    template_name = "committee/reason_list.html"

    def _render(self, request, form):
        return render(
            request,
            self.template_name,
            {"reasons": selectors.rejection_reasons(user=request.user), "form": form},
        )

    def get(self, request):
        return self._render(request, RejectionReasonForm())

    def post(self, request):
        form = RejectionReasonForm(request.POST)
        if form.is_valid():
            try:
                services.rejection_reason_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                report_error(request, error, form)
            else:
                messages.success(request, _("The reason is added to the list."))
                return redirect("committee:reason_list")
        return self._render(request, form)


class ReasonToggleView(CapabilityRequiredMixin, View):
    capability = "committee.manage_members"

    def post(self, request, pk):
        reason = selectors.rejection_reason_get(user=request.user, pk=pk)
        services.rejection_reason_set_active(
            reason=reason, active=not reason.is_active, actor=request.user
        )
        messages.success(request, _("The list of reasons is updated."))
        return redirect("committee:reason_list")


# Managers: decisions within the deadline -------------------------------------------------------


class DecisionReportView(CapabilityRequiredMixin, TemplateView):
    capability = "committee.view_decision_report"
    template_name = "committee/decision_report.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            decisions=selectors.final_decisions(user=self.request.user)[:200],
            summary=selectors.deadline_summary(user=self.request.user),
            **kwargs,
        )


# Applicants: letters ---------------------------------------------------------------------------


class LetterListView(CapabilityRequiredMixin, TemplateView):
    capability = "committee.view_own_letters"
    template_name = "committee/letter_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(letters=selectors.letters_for(self.request.user))


class LetterPdfView(CapabilityRequiredMixin, View):
    capability = "committee.view_own_letters"

    def get(self, request, pk):
        decision = selectors.letter_get(user=request.user, pk=pk)
        pdf = documents.letter_pdf(decision=decision, request=request)
        return pdf_response(pdf, f"makin-decision-{decision.item.request.reference}")


class StaffLetterPdfView(CapabilityRequiredMixin, View):
    capability = "committee.print_letters"

    def get(self, request, pk):
        decision = selectors.letter_get_for_staff(user=request.user, pk=pk)
        pdf = documents.letter_pdf(decision=decision, request=request)
        return pdf_response(pdf, f"makin-decision-{decision.item.request.reference}")


# Delivery --------------------------------------------------------------------------------------


class DeskRequired(CapabilityRequiredMixin):
    capability = "committee.record_delivery"


class DeliveryObject(DeskRequired):
    """A page of one request's delivery (URL argument `reference`): authorised and fetched
    once."""

    @cached_property
    def support_request(self):
        return selectors.delivery_request_get(
            user=self.request.user, reference=self.kwargs["reference"]
        )


class DeliveryQueueView(DeskRequired, TemplateView):
    template_name = "committee/delivery_queue.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            requests_list=selectors.delivery_queue(user=self.request.user)
        )


class DeliveryRecordView(DeliveryObject, View):
    template_name = "committee/delivery_record.html"

    def _render(self, request, form):
        support_request = self.support_request
        return render(
            request,
            self.template_name,
            {
                "request_obj": support_request,
                "decision": services.approved_decision(support_request),
                "delivery": getattr(support_request, "delivery", None),
                "form": form,
                "can_record": support_request.status in DELIVERABLE,
                "can_close": support_request.status == Status.DELIVERED,
            },
        )

    def get(self, request, reference):
        form = DeliveryForm(
            initial={"delivered_on": timezone.localdate(), "delivered_by": request.user}
        )
        return self._render(request, form)

    def post(self, request, reference):
        form = DeliveryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.delivery_record(
                    request=self.support_request, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                report_error(request, error, form)
            else:
                messages.success(request, _("The delivery is recorded."))
                return redirect("committee:delivery_record", reference=reference)
        return self._render(request, form)


class DeliveryCloseView(DeliveryObject, View):
    def get(self, request, reference):
        return self._confirm(request)

    def _confirm(self, request):
        support_request = self.support_request
        return confirm_page(
            request,
            Confirmation(
                title=_("Close the request"),
                happens=[
                    _(
                        "Request %(reference)s of %(name)s is closed; nothing more can be done "
                        "on it."
                    )
                    % {
                        "reference": support_request.reference,
                        "name": support_request.beneficiary.full_name,
                    }
                ],
                told=[_("The applicant is told the request is closed.")],
                back=reverse(
                    "committee:delivery_record", kwargs={"reference": support_request.reference}
                ),
                button=_("Close the request"),
            ),
        )

    def post(self, request, reference):
        if not is_confirmed(request):
            return self._confirm(request)
        try:
            services.delivery_close(request=self.support_request, actor=request.user)
        except ValidationError as error:
            report_error(request, error)
        else:
            messages.success(request, _("The request is closed."))
        return redirect("committee:delivery_record", reference=reference)


class DeliveryAttachmentView(DeskRequired, View):
    def get(self, request, pk):
        delivery = services.delivery_attachment_open(user=request.user, pk=pk)
        return private_file_response(
            delivery.attachment, filename=delivery.attachment_name, as_attachment=True
        )

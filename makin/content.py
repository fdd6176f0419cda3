"""Texts of the public pages that are data rather than layout."""

from django.utils.translation import gettext_lazy as _

FAQ = [
    (
        _("Who can apply for support?"),
        _(
            "Quran teachers, memorisers and students of memorisation circles, and their guardians, "
            "according to the conditions of each service."
        ),
    ),
    (
        _("What do I need to apply?"),
        _(
            "A valid national ID or iqama, a Saudi mobile number, and the documents each service "
            "asks for (for example a family record, proof of income or a lease)."
        ),
    ),
    (
        _("How long does the answer take?"),
        _(
            "Once your request is complete and verified, the research committee studies it and "
            "answers accept or reject within two weeks."
        ),
    ),
    (
        _("How do I know where my request stands?"),
        _(
            "Log in to see your requests and their timeline, or use the tracking page with your "
            "request number and ID number. We also tell you by message at every step."
        ),
    ),
    (
        _("Can I apply without the internet?"),
        _(
            "Yes. Visit us or call us: the reception officer registers your request and you sign "
            "the declaration at the office."
        ),
    ),
    (
        _("Why am I asked to sign a declaration?"),
        _(
            "The policy makes the applicant directly responsible for the accuracy of the data; the "
            "declaration records that you confirmed it."
        ),
    ),
    (
        _("Is my data safe?"),
        _(
            "Your data and documents are seen only by you and by the staff whose work needs them. "
            "Every staff view of a file is recorded."
        ),
    ),
    (
        _("How can I rate the service or complain?"),
        _(
            "After each service we send you a short survey. Rating the service is your right: it "
            "helps us improve and is never used to punish anyone."
        ),
    ),
]

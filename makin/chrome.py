"""Every page's chrome (the header with its bar and language switch, the footer) marked up in
Python: its words and addresses put in once per language, script prefix and URLconf (as
`makin.links.address`), and on each page only what is the page's or the person's: the bar's
entries and the one marked current, the person's name, the CSRF token and the address to come
back to. The markup is that of the templates it replaced (the header, language switch and
footer includes of `base.html`), but for whitespace."""

import functools

from django.utils import translation
from django.utils.translation import gettext as _

from .links import _reversal, address
from .markup import escaped, format_markup

PUBLIC_LINKS = (
    ("requests:catalogue", "Our services"),
    ("requests:track", "Track a request"),
    ("makin:policy", "Our policy"),
    ("makin:contact", "Contact us"),
    ("makin:faq", "Questions"),
)
FOOTER_LINKS = (
    ("makin:about", "About us"),
    ("requests:catalogue", "Our services"),
    ("requests:track", "Track a request"),
    ("surveys:feedback", "Complaints and suggestions"),
    ("requests:tools", "Guides and forms"),
    ("makin:policy", "Beneficiary relations policy"),
    ("makin:contact", "Contact channels"),
    ("makin:faq", "Frequently asked questions"),
)


def _words():
    # The header's and footer's words, as the templates translate them (the catalogue keeps
    # each of these; `makemessages` finds them here by their gettext calls).
    return {
        "Main navigation": _("Main navigation"),
        "Makin Association": _("Makin Association"),
        "Notifications": _("Notifications"),
        "Show the menu": _("Show the menu"),
        "Our services": _("Our services"),
        "Track a request": _("Track a request"),
        "Our policy": _("Our policy"),
        "Contact us": _("Contact us"),
        "Questions": _("Questions"),
        "My account": _("My account"),
        "Log out": _("Log out"),
        "Log in": _("Log in"),
        "Create an account": _("Create an account"),
        "association": _(
            "Makin Association for Qualifying Quran Teachers and Caring for its Memorisation"
        ),
        "Yanbu, Kingdom of Saudi Arabia": _("Yanbu, Kingdom of Saudi Arabia"),
        "About us": _("About us"),
        "Complaints and suggestions": _("Complaints and suggestions"),
        "Guides and forms": _("Guides and forms"),
        "Beneficiary relations policy": _("Beneficiary relations policy"),
        "Contact channels": _("Contact channels"),
        "Frequently asked questions": _("Frequently asked questions"),
        "Phone": _("Phone"),
    }


class _Parts:
    """The chrome's fixed parts in one language (escaped, addresses in place)."""

    def __init__(self):
        w = {key: escaped(value) for key, value in _words().items()}
        self.notifications_url = address("makin:notifications")
        self.start = (
            '<header class="site-header">\n'
            '  <nav class="navbar navbar-expand-lg navbar-dark" aria-label="'
            f'{w["Main navigation"]}">\n'
            '    <div class="container">\n'
            '      <a class="navbar-brand d-flex align-items-center gap-2" href="'
            f'{escaped(address("makin:home"))}">\n'
            '        <span class="brand-mark" aria-hidden="true">م</span>\n'
            f"        <span>{w['Makin Association']}</span>\n"
            "      </a>\n"
        )
        # The current-page mark goes in {0}.
        self.notifications = (
            '        <a class="btn btn-sm btn-outline-light ms-auto ms-lg-0 me-2 me-lg-3"\n'
            f'           href="{escaped(self.notifications_url)}"\n'
            "           {0}>\n"
            f"          {w['Notifications']}\n"
            '          <span data-hx-get="'
            f'{escaped(address("makin:notification_badge"))}"\n'
            '                data-hx-trigger="load"\n'
            '                data-hx-swap="outerHTML"></span>\n'
            "        </a>\n"
        )
        self.menu_start = (
            '      <button class="navbar-toggler"\n'
            '              type="button"\n'
            '              data-bs-toggle="collapse"\n'
            '              data-bs-target="#main-nav"\n'
            '              aria-controls="main-nav"\n'
            '              aria-expanded="false"\n'
            f'              aria-label="{w["Show the menu"]}">\n'
            '        <span class="navbar-toggler-icon"></span>\n'
            "      </button>\n"
            '      <div class="collapse navbar-collapse" id="main-nav">\n'
            '        <ul class="navbar-nav me-auto mb-2 mb-lg-0">\n'
        )
        self.public_links = tuple(
            (
                address(name),
                '            <li class="nav-item">\n'
                '              <a class="nav-link{0}"\n'
                f'                 href="{escaped(address(name))}">{w[words]}</a>\n'
                "            </li>\n",
            )
            for name, words in PUBLIC_LINKS
        )
        self.menu_end = (
            '        </ul>\n        <div class="d-flex flex-wrap align-items-center gap-2">\n'
        )
        english = translation.get_language() != "ar"
        # The CSRF input goes in {0}, the address to come back to in {1}.
        self.language_switch = (
            f'<form action="{escaped(address("set_language"))}" method="post" '
            'class="d-inline">\n'
            "  {0}\n"
            '  <input type="hidden" name="next" value="{1}">\n'
            + (
                '    <button type="submit" name="language" value="ar" lang="ar" class="btn '
                'btn-sm btn-link link-light text-decoration-none">\n'
                "      العربية\n"
                "    </button>\n"
                if english
                else '    <button type="submit" name="language" value="en" lang="en" '
                'class="btn btn-sm btn-link link-light text-decoration-none">\n'
                "      English\n"
                "    </button>\n"
            )
            + "</form>\n"
        )
        # The person's name goes in {0}, the CSRF input in {1}.
        self.signed_in = (
            '            <a class="navbar-text small text-white"\n'
            f'               href="{escaped(address("accounts:account"))}"\n'
            f'               title="{w["My account"]}"><bdi>{{0}}</bdi></a>\n'
            '            <form method="post" action="'
            f'{escaped(address("accounts:logout"))}" class="d-inline">\n'
            "              {1}\n"
            '              <button type="submit" class="btn btn-sm btn-outline-light">'
            f"{w['Log out']}</button>\n"
            "            </form>\n"
        )
        self.signed_out = (
            '            <a class="btn btn-sm btn-outline-light" href="'
            f'{escaped(address("accounts:login"))}">{w["Log in"]}</a>\n'
            '            <a class="btn btn-sm btn-light" href="'
            f'{escaped(address("accounts:signup"))}">{w["Create an account"]}</a>\n'
        )
        self.end = "        </div>\n      </div>\n    </div>\n  </nav>\n</header>\n"
        footer_links = "".join(
            '          <li class="list-inline-item">\n'
            f'            <a href="{escaped(address(name))}">{w[words]}</a>\n'
            "          </li>\n"
            for name, words in FOOTER_LINKS
        )
        # The association's phone goes in {0}.
        self.footer = (
            '<footer class="site-footer mt-auto py-4">\n'
            '  <div class="container">\n'
            '    <div class="row g-3">\n'
            '      <div class="col-md-6">\n'
            '        <p class="fw-bold mb-1">'
            f"{w['association']}"
            "</p>\n"
            f'        <p class="small mb-0">{w["Yanbu, Kingdom of Saudi Arabia"]}</p>\n'
            "      </div>\n"
            '      <div class="col-md-6">\n'
            '        <ul class="list-inline small mb-0 text-md-end">\n'
            f"{footer_links}"
            "        </ul>\n"
            '        <p class="small mb-0 text-md-end">\n'
            f'          {w["Phone"]}: <span dir="ltr">{{0}}</span>\n'
            "        </p>\n"
            "      </div>\n"
            "    </div>\n"
            "  </div>\n"
            "</footer>\n"
        )


@functools.lru_cache(maxsize=16)
def _parts(*_key) -> _Parts:
    return _Parts()


def parts() -> _Parts:
    return _parts(*_reversal())


def csrf_input(context) -> str:
    """`{% csrf_token %}` of the context."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 (Django's mark of no token)
        return ""
    return format_markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def header_html(context, nav_entries) -> str:
    """The page's header for the page of `context`; `nav_entries(entries)`
    draws the bar's entries of a signed-in person."""
    p = parts()
    request = context.get("request")
    path = getattr(request, "path", None)
    user = context.get("user")
    signed_in = bool(user is not None and user.is_authenticated)
    out = [p.start]
    if signed_in:
        out.append(
            p.notifications.format('aria-current="page"' if path == p.notifications_url else "")
        )
    out.append(p.menu_start)
    items = context.get("nav_items")
    if items:
        out.append(nav_entries(items))
    else:
        out.extend(link.format(" active" if path == url else "") for url, link in p.public_links)
    out.append(p.menu_end)
    csrf = csrf_input(context)
    full_path = request.get_full_path() if request is not None else ""
    out.append(p.language_switch.format(csrf, escaped(full_path)))
    out.append(p.signed_in.format(escaped(user), csrf) if signed_in else p.signed_out)
    out.append(p.end)
    return "".join(out)


def footer_html(context) -> str:
    """The page's footer; the phone is the association's
    (`settings.MAKIN_ASSOCIATION`, in the context by `makin.context_processors.portal`)."""
    association = context.get("association") or {}
    return parts().footer.format(escaped(association.get("phone", "")))

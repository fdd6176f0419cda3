"""Reading pages in tests: a table's rows as compact markup."""

import re


def table_rows(html: str) -> list[str]:
    """The rows of the page's first table body, whitespace between and around tags removed:
    `<tr><td …>…</td>…</tr>` each, to compare with the literal markup of a row."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    body = re.sub(r"\s+", " ", body)
    body = re.sub(r"\s*([<>])\s*", r"\1", body)
    return re.findall(r"<tr>.*?</tr>", body)

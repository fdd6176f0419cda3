"""Reads that pages share. The `*_get_for_user` helpers authorise too: "not yours" and "does
not exist" both answer 404."""

import datetime
import io
import json
import re
import zipfile
from collections import namedtuple
from dataclasses import dataclass, field

import phonenumbers
from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.core import serializers
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat, Greatest
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from makin.case import CaseSection, Rows, Write, case_read, person_columns, read_rows
from makin.history import HistoryEntry, readable_history
from makin.keyset import CappedCount, CappedPaginator, capped_count
from makin.rules import holds
from makin.validators import national_id_is_valid, western_digits

from .arabic import normalize_arabic_name
from .models import (
    Beneficiary,
    BeneficiaryCategory,
    Document,
    DocumentKind,
    DuplicateCandidate,
    DuplicateStatus,
    FieldGroup,
    FieldGroupVerification,
    FileAccess,
    HouseholdMember,
    Housing,
    IncomeSource,
    VerificationStatus,
)

# The fields of each group, for verification (a change resets the group) and completeness.
FIELD_GROUP_FIELDS: dict[str, tuple[str, ...]] = {
    FieldGroup.IDENTITY: (
        "national_id",
        "id_expiry",
        "first_name",
        "father_name",
        "grandfather_name",
        "family_name",
        "name_en",
        "gender",
        "birth_date",
        "nationality",
        "marital_status",
    ),
    FieldGroup.CONTACT: ("mobile", "phone2", "email"),
    FieldGroup.ADDRESS: (
        "building_number",
        "street",
        "district",
        "city",
        "postal_code",
        "additional_number",
    ),
    FieldGroup.SITUATION: ("category", "employment", "housing", "rent_amount", "health_notes"),
    FieldGroup.BANK: ("iban",),
    FieldGroup.HOUSEHOLD: (),
}
# Every field of the file, in the groups' order: what its form edits (beside the ID number).
FILE_FIELDS = tuple(name for names in FIELD_GROUP_FIELDS.values() for name in names)
# What a complete file has (beside the name, ID and mobile, which are always required).
REQUIRED_FOR_COMPLETE = (
    "marital_status",
    "building_number",
    "street",
    "district",
    "postal_code",
    "additional_number",
    "category",
    "housing",
)
# Every file carries at least these documents; services may ask for more.
REQUIRED_DOCUMENT_KINDS = ("id_copy", "family_record")


# Files ----------------------------------------------------------------------------------------


def beneficiary_of(user) -> Beneficiary | None:
    """The applicant's own file, if they have one."""
    if not user.is_authenticated:
        return None
    return Beneficiary.objects.filter(owner=user).select_related("category").first()


FILE_RELATED = ("category", "owner", "created_by", "merged_into")


def beneficiary_get_for_user(*, user, pk: int, related=FILE_RELATED) -> Beneficiary:
    """The file `pk` if the user may see it (404 otherwise), with the `related` rows a page
    reads (the file page only its category)."""
    file = Beneficiary.objects.select_related(*related).filter(pk=pk).first()
    if file is None or not holds(user, "beneficiaries.view_file", file):
        raise Http404
    return file


def document_get_for_user(*, user, uuid) -> Document:
    document = (
        Document.objects.select_related("beneficiary", "kind", "uploaded_by")
        .filter(uuid=uuid)
        .first()
    )
    if document is None or not holds(user, "beneficiaries.view_file_document", document):
        raise Http404
    return document


def file_documents(*, beneficiary) -> QuerySet[Document]:
    # Each row's `beneficiary` is the file given (the related manager sets it): the object rules
    # of each row read its owner without a join.
    return beneficiary.documents.select_related("kind", "uploaded_by")


def file_verifications(*, beneficiary) -> dict[str, FieldGroupVerification]:
    return {
        v.group: v
        for v in FieldGroupVerification.objects.filter(beneficiary=beneficiary).select_related(
            "verified_by"
        )
    }


# What a page shows of a document (`file_page.document_items`, the checklists), of a household
# member (`file_page.household_table`) and of an income: the file page and a request's
# staff page read the same.
DOCUMENT_FIELDS = (
    "kind__code",
    "kind__name_ar",
    "kind__name_en",
    "title",
    "original_name",
    "size",
    "expiry_date",
    "status",
    "rejection_reason",
    "uuid",
    "uploaded_at",
    *person_columns("uploaded_by"),
)
DOCUMENT_ORDER = ("-uploaded_at", "-pk")


def file_lists(file: str) -> tuple[Rows, Rows, Rows]:
    """A file's documents, household and incomes as `Rows` of a page whose row names the file
    by `file` (`"pk"` on the file page, `"beneficiary_id"` on a request's). Made once per
    anchor, at module level (`read_rows` compiles each set of lists once)."""
    return (
        Rows(
            Document.objects.filter(beneficiary=OuterRef(file)).order_by(*DOCUMENT_ORDER),
            DOCUMENT_FIELDS,
        ),
        Rows(
            HouseholdMember.objects.filter(beneficiary=OuterRef(file)).order_by("pk"),
            ("name", "relation", "national_id", "birth_date", "monthly_income"),
        ),
        Rows(
            IncomeSource.objects.filter(beneficiary=OuterRef(file)).order_by("pk"),
            ("source", "monthly_amount"),
        ),
    )


# The file page's own lists, tied to the file by OuterRef and read with the case's sections in
# one query (`makin.case.Rows`), each with only the columns the page shows.
FILE_DOCUMENTS, FILE_HOUSEHOLD, FILE_INCOMES = file_lists("pk")
FILE_VERIFICATIONS = Rows(
    FieldGroupVerification.objects.filter(beneficiary=OuterRef("pk")).order_by("pk"),
    ("group", "status", "reason", "verified_at", *person_columns("verified_by")),
)
# The kinds every file needs, for the checklist to name those missing.
REQUIRED_KINDS = Rows(
    DocumentKind.objects.filter(code__in=REQUIRED_DOCUMENT_KINDS).order_by("pk"),
    ("code", "name_ar", "name_en"),
)


def _file_messages_rows(limit: int = 10) -> Rows:
    """The latest text messages sent to the file's mobile or to its owner, newest first.

    The newest of each kind apart (by the mobile, `delivery_address_idx`; by the owner's
    notifications), then the newest of both: one condition of the two ORed over every delivery
    walked the deliveries' key backwards, testing each row, until ten matched (the whole table
    for a file with fewer)."""
    from makin.models import Delivery

    texts = Delivery.objects.filter(medium__in=[Delivery.Medium.SMS, Delivery.Medium.WHATSAPP])
    by_mobile = texts.filter(address=OuterRef(OuterRef("mobile")))
    by_owner = texts.filter(notification__user_id=OuterRef(OuterRef("owner_id")))
    newest = (
        by_mobile.order_by("-pk")
        .values("pk")[:limit]
        .union(by_owner.order_by("-pk").values("pk")[:limit], all=True)
    )
    return Rows(
        Delivery.objects.filter(pk__in=newest).order_by("-pk")[:limit],
        ("medium", "text", "state", "last_error", "notification__created_at"),
    )


FILE_MESSAGES = _file_messages_rows()
FILE_PAGE_ROWS = {
    "documents": FILE_DOCUMENTS,
    "required_kinds": REQUIRED_KINDS,
    "verifications": FILE_VERIFICATIONS,
    "household": FILE_HOUSEHOLD,
    "incomes": FILE_INCOMES,
}


@dataclass(frozen=True)
class FilePage:
    """What the file page shows of the file's rows, read in one query (`file_page_read`)."""

    documents: list[Document]
    required_kinds: list[DocumentKind]
    verifications: dict[str, FieldGroupVerification]
    household: list[HouseholdMember]
    incomes: list[IncomeSource]
    messages: list
    sections: list[CaseSection]


# The staff file page's own row, read with its lists (`file_page_open`): every field of the
# file, and its category (the page shows its name; of its other links only their ids).
FILE_ROW = Rows(
    Beneficiary.objects.filter(pk=OuterRef("pk")),
    (
        *(f.name for f in Beneficiary._meta.concrete_fields if not f.primary_key),
        *(
            f"category__{f.name}"
            for f in BeneficiaryCategory._meta.concrete_fields
            if not f.primary_key
        ),
    ),
)


def file_page_open(*, pk: int, user, write: Write) -> tuple[Beneficiary, FilePage]:
    """The staff file page of the file `pk` for a user who may see every file (404 when there
    is no such file): the file, its lists and the case's sections read by one statement, which
    also makes `write` (the look's access-log row, `services.file_access_write`)."""
    read = case_read(
        beneficiary=Beneficiary(pk=pk),
        user=user,
        rows={**FILE_PAGE_ROWS, "messages": FILE_MESSAGES, "file": FILE_ROW},
        write=write,
    )
    if read is None:
        raise Http404
    sections, lists = read
    (file,) = lists.pop("file")
    return file, _file_page(file, lists, sections)


def file_page_read(*, beneficiary: Beneficiary, user, staff: bool) -> FilePage:
    """The file page's documents, verifications, household and incomes, and for staff the
    messages sent and the case's sections (`makin.case.case_read`): one query for them all."""
    if staff:
        sections, read = case_read(
            beneficiary=beneficiary, user=user, rows={**FILE_PAGE_ROWS, "messages": FILE_MESSAGES}
        )
    else:
        sections, read = [], read_rows(beneficiary, FILE_PAGE_ROWS)
    return _file_page(beneficiary, read, sections)


def _file_page(beneficiary: Beneficiary, read: dict, sections: list[CaseSection]) -> FilePage:
    for document in read["documents"]:
        # The object rules of each document read its file's owner: the file given.
        document.beneficiary = beneficiary
    return FilePage(
        documents=read["documents"],
        required_kinds=read["required_kinds"],
        verifications={v.group: v for v in read["verifications"]},
        household=read["household"],
        incomes=read["incomes"],
        messages=read.get("messages", []),
        sections=sections,
    )


# Search ---------------------------------------------------------------------------------------


def _as_mobile(text: str) -> str | None:
    try:
        number = phonenumbers.parse(text, "SA")
    except phonenumbers.NumberParseException:
        return None
    national = str(number.national_number)
    if number.country_code == 966 and len(national) == 9 and national.startswith("5"):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


# A name search counts its files no further than this: a common family name matches thousands,
# whose exact count cost as much as the page itself (the page says "more than 500").
SEARCH_COUNT_CAP = 500


# What a row of the search page shows (`file_search.file_rows`): the name, ID number, mobile,
# birth date and district. Not the rest of the file (reading a second phone number alone cost
# a parse per row).
SEARCH_ROW_FIELDS = (
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "national_id",
    "mobile",
    "birth_date",
    "district",
)


class FileRow(namedtuple("FileRow", ["pk", *SEARCH_ROW_FIELDS, "search_count"])):
    """A row of a name search's first page read as plain values (`_SearchPaginator`): the
    mobile as the text the file's PhoneNumber shows."""

    __slots__ = ()

    @property
    def full_name(self) -> str:
        return " ".join(
            p
            for p in (self.first_name, self.father_name, self.grandfather_name, self.family_name)
            if p
        )


# A mobile stored as the field stores a Saudi mobile (E.164) shows as stored, valid or not (the
# PhoneNumber's text is its E.164 form, or the stored text when not valid); anything else is
# read as the model field reads it.
_STORED_MOBILE = re.compile(r"\+9665[0-9]{8}")


def _mobile_text(stored) -> str:
    if stored and _STORED_MOBILE.fullmatch(stored):
        return stored
    return str(Beneficiary._meta.get_field("mobile").from_db_value(stored, None, connection))


@dataclass(frozen=True)
class _Search:
    """What a search finds: its files in their order and, for a name, the files with a run of
    words similar to it (`similar`), which stand in when no file contains every word typed.
    `words`: the normalised words a name's files all contain; their order is the name order,
    which a page may walk by its index."""

    files: QuerySet[Beneficiary]
    similar: QuerySet[Beneficiary] | None = None
    words: tuple[str, ...] = ()


class _SearchPaginator(CappedPaginator):
    """The search's pages. The first (the page nearly every search stops at) reads its count
    (capped) with its rows, in one query; a later one counts first, as Django's paginator
    does. Either way a page's files are chosen by their keys first (`pk IN (the page's ids in
    order)`), so that PostgreSQL picks the 25 from an index without reading every matching
    row whole. A name no file contains turns to the similar ones (one query more)."""

    def __init__(self, search: _Search, per_page, *, cap: int):
        super().__init__(search.files, per_page, cap=cap)
        self.search = search
        self.walked = bool(search.words)

    def _similar_instead(self) -> bool:
        if self.search.similar is None or self.object_list is self.search.similar:
            return False
        self.object_list, self.walked = self.search.similar, False
        return True

    @cached_property
    def count(self) -> int:
        found, self.count_capped = capped_count(self.object_list, self.cap)
        if not found and self._similar_instead():
            found, self.count_capped = capped_count(self.object_list, self.cap)
        return found

    def get_page(self, number):
        try:
            first = int(number or 1) <= 1
        except (TypeError, ValueError):
            first = True
        return self._first_page() if first else super().get_page(number)

    def _first_page(self):
        if self.walked:
            rows = self._name_rows()
        else:
            rows = list(self._rows(0, self.per_page, counted=True))
        if not rows and self._similar_instead():
            rows = list(self._rows(0, self.per_page, counted=True))
        found = rows[0].search_count if rows else 0
        self.count_capped = found > self.cap
        self.__dict__["count"] = min(found, self.cap)
        # The pages offered are those of the first `cap` files.
        return self._get_page(rows[: self.cap], 1, self)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        # The count known: many files are walked in the name order's index, a few found by
        # the trigram index and sorted (see _SORTED_NOT_WALKED).
        key_order = None
        if self.walked:
            key_order = _NAME_ORDER if self.count_capped else _SORTED_NOT_WALKED
        return self._get_page(self._rows(bottom, top, key_order=key_order), number, self)

    def _name_rows(self) -> list[FileRow]:
        """The first page of a name's files with their count, in one statement. Which index
        finds the page's keys depends on that count, which PostgreSQL does not know when it
        plans (its estimate was wrong by 2-3 times for two words, and walking the name order
        for 130 files read 30,000 entries): the files found (up to the cap and one) are read
        once by the trigram index and counted first (a CTE); with more than the cap, the page's
        keys are found by walking the name order for at most WALKED_AT_MOST files, and when
        that finds fewer than a page (a name whose files all sort late: a woman's first name
        starting with ن was 89,000 files walked, 27 ms) they are all found by the trigram index
        and sorted; else sorted from those found (each way runs only if the counts call for it:
        one-time filters)."""
        table = connection.ops.quote_name(Beneficiary._meta.db_table)
        contains = " AND ".join(["b.name_normalized LIKE %s"] * len(self.search.words))
        patterns = [f"%{word}%" for word in self.search.words]
        files = f"FROM {table} b WHERE b.merged_into_id IS NULL AND {contains}"
        walked_contains = contains.replace("b.name_normalized", "w.name_normalized")
        columns = ", ".join(
            "b." + connection.ops.quote_name(Beneficiary._meta.get_field(name).column)
            for name in SEARCH_ROW_FIELDS
        )
        # The words go in as parameters; only names of the model's table and columns are joined.
        sql = (
            "WITH matched AS MATERIALIZED"  # noqa: S608
            f" (SELECT b.id, b.name_normalized {files} LIMIT %s),"
            " found AS MATERIALIZED (SELECT count(*) AS n FROM matched),"
            # The name order walked, for at most WALKED_AT_MOST files.
            " walked AS MATERIALIZED (SELECT w.id FROM (SELECT b.id, b.name_normalized"
            f" FROM {table} b WHERE b.merged_into_id IS NULL AND (SELECT n FROM found) > %s"
            " ORDER BY b.name_normalized, b.id LIMIT %s) w"
            f" WHERE {walked_contains} ORDER BY w.name_normalized, w.id LIMIT %s),"
            " keys AS ((SELECT id FROM walked WHERE (SELECT count(*) FROM walked) >= %s)"
            # Too few in the walk: every file found, by the trigram index, sorted (the order
            # hidden from the name order's index).
            f" UNION ALL (SELECT b.id {files} AND (SELECT n FROM found) > %s"
            " AND (SELECT count(*) FROM walked) < %s"
            " ORDER BY b.name_normalized || '', b.id LIMIT %s)"
            " UNION ALL (SELECT m.id FROM matched m WHERE (SELECT n FROM found) <= %s"
            " ORDER BY m.name_normalized, m.id LIMIT %s))"
            f" SELECT b.id, {columns}, (SELECT n FROM found) AS search_count"
            f" FROM {table} b JOIN keys ON keys.id = b.id ORDER BY b.name_normalized, b.id"
        )
        cap, size = self.cap, self.per_page
        params = [
            *patterns,
            cap + 1,
            cap,
            WALKED_AT_MOST,
            *patterns,
            size,
            size,
            *patterns,
            cap,
            size,
            size,
            cap,
            size,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        mobile = SEARCH_ROW_FIELDS.index("mobile") + 1
        return [
            FileRow(*row[:mobile], _mobile_text(row[mobile]), *row[mobile + 1 :]) for row in fetched
        ]

    def _rows(self, bottom: int, top: int, *, counted=False, key_order=None):
        files = self.object_list
        keys = files.values("pk")
        if self.walked:
            # The keys were chosen by the search's conditions: the page's rows need only them
            # (PostgreSQL would estimate the name's matches again to plan the same filter).
            keys = keys.order_by(*(key_order or _NAME_ORDER))
            rows = files.model.objects.filter(pk__in=keys[bottom:top]).order_by(*_NAME_ORDER)
        else:
            rows = files.filter(pk__in=keys[bottom:top])
        if counted:
            rows = rows.annotate(search_count=CappedCount(files, self.cap))
        return rows.only(*SEARCH_ROW_FIELDS)


# How many files a name's first page walks in the name order for its files (when more than the
# cap are found) before it finds them all by the trigram index and sorts them instead: ~1 ms of
# walking, about what sorting a thousand files found costs.
WALKED_AT_MOST = 2000


def search_page(*, query: str, number, per_page: int = 25):
    """One page of the files a search finds (`beneficiary_search`), counted up to
    SEARCH_COUNT_CAP."""
    return _SearchPaginator(_search(query), per_page, cap=SEARCH_COUNT_CAP).get_page(number)


# The same order as (name_normalized, pk), hidden from beneficiary_name_order_idx: with at most
# SEARCH_COUNT_CAP files found, reading them by the trigram index and sorting them is a few
# milliseconds, where walking the name order to find 25 scattered ones can read half the files.
# (The first page, read with its count, leaves the choice to PostgreSQL's estimate.)
_SORTED_NOT_WALKED = (Concat("name_normalized", Value("")), "pk")
_NAME_ORDER = ("name_normalized", "pk")


def beneficiary_search(*, query: str) -> QuerySet[Beneficiary]:
    """Files by ID number (exact), mobile (any Saudi spelling) or any part of the name,
    Arabic-normalised; merged duplicates left out. Names: the files whose normalised name
    contains every word typed (LIKE on the pg_trgm GIN index); when none does, those with a run
    of words similar to the query (`word_similarity` >= 0.6, the same index), which forgives a
    wrong letter, ranked by that similarity (the first kind by name: they would all score
    alike). The two are not OR-ed in one query: PostgreSQL then scans the whole table."""
    search = _search(query)
    if search.similar is None:
        return search.files
    # Counted (up to the cap) rather than asked `exists()`: the count reads the trigram index,
    # where `LIMIT 1` made PostgreSQL scan the table until a match (10 ms for a name held by
    # one file in fifty, the whole table for one it wrongly guessed common).
    found, _capped = capped_count(search.files, SEARCH_COUNT_CAP)
    return search.files if found else search.similar


def _search(query: str) -> _Search:
    """`beneficiary_search`'s files, and for a name the similar ones (see `_Search`)."""
    files = Beneficiary.objects.filter(merged_into__isnull=True)
    text = western_digits(query or "").strip()
    if not text:
        return _Search(files.none())
    compact = text.replace(" ", "").replace("-", "")
    if compact.isdigit() and len(compact) == 10 and compact[0] in "12":
        return _Search(files.filter(national_id=compact))
    mobile = _as_mobile(compact) if compact.lstrip("+").isdigit() else None
    if mobile:
        return _Search(files.filter(mobile=mobile))
    if compact.isdigit():
        return _Search(
            files.filter(national_id__startswith=compact) if len(compact) >= 4 else files.none()
        )
    if text.isascii():
        # Latin letters: the optional English name (rarely filled, so no index of its own).
        return _Search(files.filter(name_en__icontains=text).order_by("name_en", "pk"))
    normalized = normalize_arabic_name(text)
    if not normalized:
        return _Search(files.none())
    contains = Q()
    for word in normalized.split():
        # name_normalized is lower case already: LIKE, not ILIKE, so the GIN index serves it.
        contains &= Q(name_normalized__contains=word)
    # Every file here contains every word typed: similarity would rank them all alike and
    # cost a computation per match (2,500 of them for a common family name).
    similar = files.filter(name_normalized__trigram_word_similar=normalized)
    return _Search(
        files.filter(contains).order_by(*_NAME_ORDER),
        similar=similar.annotate(
            score=TrigramWordSimilarity(normalized, "name_normalized")
        ).order_by("-score", "name_normalized", "pk"),
        words=tuple(normalized.split()),
    )


# Duplicates -----------------------------------------------------------------------------------


@dataclass
class DuplicateCheck:
    same_id: Beneficiary | None = None
    similar: list[Beneficiary] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.same_id or self.similar)


def duplicates_find(
    *,
    national_id: str | None,
    name: str,
    mobile=None,
    birth_date: datetime.date | None = None,
    exclude_pk: int | None = None,
) -> DuplicateCheck:
    """Files that may be this person: the same ID number (which blocks a new file), or a
    similar normalised name with the same mobile or birth date. The mobile and birth date are
    indexed, so similarity is computed on a handful of rows only."""
    files = Beneficiary.objects.filter(merged_into__isnull=True)
    if exclude_pk:
        files = files.exclude(pk=exclude_pk)
    check = DuplicateCheck()
    if national_id and national_id_is_valid(national_id):
        check.same_id = files.filter(national_id=national_id).first()
    normalized = normalize_arabic_name(name)
    near = Q()
    if mobile:
        near |= Q(mobile=str(mobile))
    if birth_date:
        near |= Q(birth_date=birth_date)
    if not normalized or not near:
        return check
    threshold = settings.MAKIN_DUPLICATE_NAME_SIMILARITY
    candidates = (
        files.filter(near)
        .annotate(
            similarity=Greatest(
                TrigramSimilarity("name_normalized", normalized),
                TrigramSimilarity(Value(normalized), "name_normalized"),
            )
        )
        .filter(similarity__gte=threshold)
        .order_by("-similarity", "pk")[:10]
    )
    for candidate in candidates:
        if check.same_id and candidate.pk == check.same_id.pk:
            continue
        candidate.same_mobile = bool(mobile) and str(candidate.mobile) == str(mobile)
        candidate.same_birth_date = candidate.birth_date == birth_date
        check.similar.append(candidate)
    return check


def duplicate_queue() -> QuerySet[DuplicateCandidate]:
    return DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).select_related(
        "file", "other"
    )


def duplicate_get(*, user, pk: int) -> DuplicateCandidate:
    if not holds(user, "beneficiaries.handle_duplicates"):
        raise Http404
    candidate = (
        DuplicateCandidate.objects.select_related(
            "file__category", "other__category", "resolved_by"
        )
        .filter(pk=pk)
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


def open_duplicates_count() -> int:
    return DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).count()


# What the file lacks --------------------------------------------------------------------------


@dataclass
class Checklist:
    missing_fields: list[str] = field(default_factory=list)
    missing_documents: list[DocumentKind] = field(default_factory=list)
    unverified_groups: list[str] = field(default_factory=list)
    rejected_groups: list[str] = field(default_factory=list)
    unverified_documents: list[Document] = field(default_factory=list)
    rejected_documents: list[Document] = field(default_factory=list)
    expired: list[tuple[str, datetime.date]] = field(default_factory=list)
    expiring: list[tuple[str, datetime.date]] = field(default_factory=list)

    @property
    def is_complete(self) -> bool:
        return not (self.missing_fields or self.missing_documents or self.expired)

    @property
    def is_verified(self) -> bool:
        return self.is_complete and not (
            self.unverified_groups
            or self.rejected_groups
            or self.unverified_documents
            or self.rejected_documents
        )


def file_sections(*, beneficiary: Beneficiary, verifications: dict) -> list[dict]:
    """The file page's sections, one per field group: its rows (label, value in the reader's
    language, whether it is a date), its verification, and whether incomes or the household
    are shown under it."""
    sections = []
    for group in FieldGroup:
        rows = []
        for name in FIELD_GROUP_FIELDS[group]:
            field = Beneficiary._meta.get_field(name)
            display = getattr(beneficiary, f"get_{name}_display", None)
            value = display() if display and field.choices else getattr(beneficiary, name)
            is_date = isinstance(field, models.DateField)
            rows.append({"label": field.verbose_name, "value": value, "is_date": is_date})
        sections.append(
            {
                "group": group,
                "rows": rows,
                "verification": verifications.get(group.value),
                "with_incomes": group == FieldGroup.SITUATION,
                "with_household": group == FieldGroup.HOUSEHOLD,
            }
        )
    return sections


# What the checklist reads of a file besides the file itself (`file_checklist_read`).
CHECKLIST_ROWS = {
    "documents": FILE_DOCUMENTS,
    "required_kinds": REQUIRED_KINDS,
    "verifications": FILE_VERIFICATIONS,
}


def file_checklist_read(*, beneficiary: Beneficiary, today: datetime.date) -> Checklist:
    """`file_checklist` with the file's documents, its verifications and the kinds every file
    needs read in one query (`read_rows`), as the file page reads them: the applicant's home
    read them in two or three."""
    read = read_rows(beneficiary, CHECKLIST_ROWS)
    for document in read["documents"]:
        document.beneficiary = beneficiary
    return file_checklist(
        beneficiary=beneficiary,
        today=today,
        documents=read["documents"],
        verifications={v.group: v for v in read["verifications"]},
        required_kinds=read["required_kinds"],
    )


def file_checklist(
    *,
    beneficiary: Beneficiary,
    today: datetime.date,
    documents: list[Document] | None = None,
    verifications: dict | None = None,
    required_kinds: list[DocumentKind] | None = None,
) -> Checklist:
    """At a glance: what is missing, unverified, rejected, expired or expiring soon."""
    if documents is None:
        documents = list(file_documents(beneficiary=beneficiary))
    if verifications is None:
        verifications = file_verifications(beneficiary=beneficiary)
    soon = today + datetime.timedelta(days=settings.MAKIN_EXPIRY_WARNING_DAYS)
    checklist = Checklist()
    for name in REQUIRED_FOR_COMPLETE:
        if getattr(beneficiary, name) in (None, ""):
            checklist.missing_fields.append(Beneficiary._meta.get_field(name).verbose_name)
    if beneficiary.housing == Housing.RENTED and beneficiary.rent_amount is None:
        checklist.missing_fields.append(Beneficiary._meta.get_field("rent_amount").verbose_name)
    present = {d.kind.code for d in documents if d.status != VerificationStatus.REJECTED}
    missing_codes = [code for code in REQUIRED_DOCUMENT_KINDS if code not in present]
    if missing_codes:
        checklist.missing_documents = (
            [kind for kind in required_kinds if kind.code in missing_codes]
            if required_kinds is not None
            else list(DocumentKind.objects.filter(code__in=missing_codes))
        )
    for group in FieldGroup:
        verification = verifications.get(group.value)
        status = verification.status if verification else VerificationStatus.PENDING
        if status == VerificationStatus.REJECTED:
            checklist.rejected_groups.append(group.label)
        elif status == VerificationStatus.PENDING:
            checklist.unverified_groups.append(group.label)
    id_label = _("ID")
    if beneficiary.id_expiry < today:
        checklist.expired.append((id_label, beneficiary.id_expiry))
    elif beneficiary.id_expiry <= soon:
        checklist.expiring.append((id_label, beneficiary.id_expiry))
    for document in documents:
        if document.status == VerificationStatus.REJECTED:
            checklist.rejected_documents.append(document)
            continue
        if document.status == VerificationStatus.PENDING:
            checklist.unverified_documents.append(document)
        if document.expiry_date and document.expiry_date < today:
            checklist.expired.append((document.kind.name, document.expiry_date))
        elif document.expiry_date and document.expiry_date <= soon:
            checklist.expiring.append((document.kind.name, document.expiry_date))
    return checklist


def files_awaiting_verification(*, limit: int = 8) -> QuerySet[Beneficiary]:
    """Files with a document still to verify, oldest upload first (the researcher's panel):
    only the columns the panel shows, each file once by `EXISTS` (not a join made distinct
    over every column)."""
    pending = Document.objects.filter(beneficiary=OuterRef("pk"), status=VerificationStatus.PENDING)
    return (
        Beneficiary.objects.filter(Exists(pending), merged_into__isnull=True)
        .only("first_name", "father_name", "grandfather_name", "family_name", "national_id")
        .order_by("created_at", "pk")[:limit]
    )


# The same two reads as scalar subqueries, for a staff home that reads all its figures in one
# statement (`requests.selectors.dashboard_summary(extra=...)`): fixed SQL, no parameters.
OPEN_DUPLICATES_SQL = (
    f"(SELECT COUNT(*) FROM {DuplicateCandidate._meta.db_table}"  # noqa: S608  fixed names
    f" WHERE status = '{DuplicateStatus.OPEN.value}')"
)
AWAITING_FILES_SQL = (
    "(SELECT json_agg(json_build_array(f.id,"  # noqa: S608  fixed names
    " f.first_name, f.father_name, f.grandfather_name, f.family_name, f.national_id)"
    " ORDER BY f.created_at, f.id) FROM"
    " (SELECT b.id, b.first_name, b.father_name, b.grandfather_name, b.family_name,"
    f" b.national_id, b.created_at FROM {Beneficiary._meta.db_table} b"
    " WHERE b.merged_into_id IS NULL AND EXISTS (SELECT 1 FROM"
    f" {Document._meta.db_table} d WHERE d.beneficiary_id = b.id"
    f" AND d.status = '{VerificationStatus.PENDING.value}')"
    " ORDER BY b.created_at, b.id LIMIT 8) AS f)"
)


AwaitingFile = namedtuple("AwaitingFile", "pk full_name national_id")


def awaiting_files_read(value: list | None) -> list[AwaitingFile]:
    """`AWAITING_FILES_SQL`'s value as the panel's rows, oldest upload first (as
    `files_awaiting_verification`): the file's key, full name and ID number."""
    return [
        AwaitingFile(pk, " ".join(p for p in (first, father, grand, family) if p), national_id)
        for pk, first, father, grand, family, national_id in value or ()
    ]


# History --------------------------------------------------------------------------------------


def _titled(what):
    """`title` for `readable_history`: the kind of row, then which one."""

    def title(record, names):
        return _("%(what)s: %(which)s") % {
            "what": record.instance_type._meta.verbose_name,
            "which": what(record, names),
        }

    return title


def file_history(*, beneficiary: Beneficiary) -> list[HistoryEntry]:
    """Every change to the file, its household, income, documents and verifications, newest
    first, as a record: who, when, what was created with its values, and each changed field's
    old and new value in words (labels, names, dates)."""
    return readable_history(
        [
            (beneficiary.history.all(), lambda record, names: str(_("File"))),
            (
                HouseholdMember.history.filter(beneficiary=beneficiary),
                _titled(lambda record, names: record.name),
            ),
            (
                IncomeSource.history.filter(beneficiary=beneficiary),
                _titled(lambda record, names: record.source),
            ),
            (
                Document.history.filter(beneficiary=beneficiary),
                _titled(
                    lambda record, names: (
                        f"{names.name(DocumentKind, record.kind_id)} ({record.original_name})"
                    )
                ),
            ),
            (
                FieldGroupVerification.history.filter(beneficiary=beneficiary),
                _titled(lambda record, names: record.get_group_display()),
            ),
        ],
        skip=("beneficiary", "content_type", "size"),
    )


def file_accesses(*, beneficiary: Beneficiary, limit: int = 100) -> QuerySet[FileAccess]:
    return beneficiary.accesses.select_related("user", "document__kind")[:limit]


def file_related_objects(*, beneficiary: Beneficiary):
    """Every row of every model that points at the file (other apps' too), for the data export
    and for merging."""
    for relation in Beneficiary._meta.related_objects:
        if relation.one_to_many and not relation.related_model._meta.auto_created:
            manager = relation.related_model._default_manager
            yield relation, manager.filter(**{relation.field.name: beneficiary})


def file_data_export(*, beneficiary: Beneficiary) -> bytes:
    """Everything the association holds on the person, as a ZIP: `data.json` (the file and
    every row of every app that points at it, staff access logs aside) and the documents."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "file": json.loads(serializers.serialize("json", [beneficiary]))[0],
    }
    for relation, rows in file_related_objects(beneficiary=beneficiary):
        if relation.related_model is FileAccess:
            continue
        data[relation.related_model._meta.label_lower] = json.loads(
            serializers.serialize("json", rows)
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for document in beneficiary.documents.all():
            try:
                with document.file.open("rb") as handle:
                    name = f"documents/{document.pk}-{document.original_name}"
                    archive.writestr(name, handle.read())
            except FileNotFoundError:
                continue
    return buffer.getvalue()


def beneficiary_recipient(beneficiary: Beneficiary):
    """Whom to tell about the file: the online account, or the file's own contacts."""
    from makin.notifications import Recipient

    if beneficiary.owner_id:
        return beneficiary.owner
    return Recipient(
        email=beneficiary.email,
        mobile=str(beneficiary.mobile or ""),
        first_name=beneficiary.first_name,
        preferred_medium=beneficiary.message_medium,
    )


def file_messages(*, beneficiary: Beneficiary, limit: int = 10) -> list:
    """The last SMS and WhatsApp messages sent to the person (to the file's mobile or to their
    account), newest first, with what the provider reported about each."""
    from makin.models import Delivery

    to_person = Q(address=str(beneficiary.mobile))
    if beneficiary.owner_id:
        to_person |= Q(notification__user_id=beneficiary.owner_id)
    return list(
        Delivery.objects.filter(
            to_person, medium__in=[Delivery.Medium.SMS, Delivery.Medium.WHATSAPP]
        )
        .select_related("notification")
        # Only the columns the file page shows.
        .only("medium", "text", "state", "last_error", "notification__created_at")
        .order_by("-pk")[:limit]
    )

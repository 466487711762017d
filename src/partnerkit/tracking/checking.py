"""`partnerkit check`: a worksheet's errors, and the warnings a careful organizer would want.

Errors come from loading the file. Warnings are judgement calls on a valid worksheet: a partner
without a reason or a plan, an ask planned late or already past (overdue), an open flag of harm,
a follow-up past due, the same organization twice, an essential category left empty. Their texts
live here, not in the guide: they are diagnostics about the file, like the loader's errors, not
words of the interview. The exceptions are the loose ends and cautions shared with the
interview's review and `show` (loose_ends.py): an open judgement question, or a chosen answer the
guide asks us to heed, in the guide's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ..catalog import _, n_
from ..errors import InvalidFile, PartnerkitError, Problem
from ..files.age import Keyring, is_sealed, quiet
from ..files.conflicts import sync_copies
from ..guide.model import Guide
from ..records import record
from ..worksheet import store
from ..worksheet.loose_ends import cautions, loose_ends
from ..worksheet.model import Partner, Status, Worksheet, organization_key
from ..worksheet.privacy import text_fields, texts


@record
class Report:
    """What `check` found in one file. Warnings are only looked for in a valid file."""

    file: Path
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    error_count: int | None = None  # exact, when more errors were found than listed

    @property
    def valid(self) -> bool:
        return not self.errors

    def passed(self, strict: bool = False) -> bool:
        return self.valid and not (strict and self.warnings)

    def lines(self) -> list[tuple[str, str]]:
        """("error", FILE:LINE:COL: message) and ("warning", FILE:LINE: warning: message), in order."""
        errors = [("error", str(e)) for e in self.errors]
        return errors + [("warning", str(replace(w, message=_("check.warning", message=w.message)))) for w in self.warnings]

    def summary(self) -> str:
        if self.errors:
            errors = n_("check.count.error", "check.count.error.plural", self.error_count or len(self.errors))
            return _("check.summary.invalid", file=self.file, errors=errors)
        count = len(self.warnings)
        warnings = n_("check.count.warning", "check.count.warning.plural", count) if count else _("check.count.no_warnings")
        return _("check.summary.valid", file=self.file, warnings=warnings)

    def to_data(self) -> dict[str, Any]:
        """The shape `check --format json` prints; documented in the README, keep it stable."""
        def entries(problems: tuple[Problem, ...]) -> list[dict[str, Any]]:
            return [{"line": p.line, "column": p.column, "message": p.message} for p in problems]

        return {"file": str(self.file), "valid": self.valid, "errors": entries(self.errors), "warnings": entries(self.warnings)}


def check_worksheet(path: Path, guide: Guide, today: date, keys: Keyring | None = None) -> Report:
    """Load and judge a worksheet; never raises for a bad file, the report says what is wrong."""
    try:
        worksheet = store.load(path, guide, keys)
    except PartnerkitError as error:
        if error.file != path:  # no key, or a key file's problems: not the worksheet's; said with their hint
            raise
        if isinstance(error, InvalidFile):
            return _quiet(Report(path, errors=tuple(error.problems), error_count=error.count))
        return Report(path, errors=(Problem(error.message),))  # missing, a folder, too large: the message names the file
    copies = [Problem(message, path) for message in sync_copies(path)]  # a sync app's copy beside it
    return _quiet(Report(path, warnings=tuple(copies + find_warnings(worksheet, guide, path, today))), worksheet)


def _quiet(report: Report, worksheet: Worksheet | None = None) -> Report:
    """For an encrypted file: name where, not what (the terminal and its scrollback are not encrypted)."""
    if not is_sealed(report.file):
        return report
    secrets = tuple(texts(worksheet)) if worksheet is not None else ()
    errors, warnings = ([replace(p, message=quiet(p.message, secrets)) for p in ps] for ps in (report.errors, report.warnings))
    return replace(report, errors=tuple(errors), warnings=tuple(warnings))


def find_warnings(worksheet: Worksheet, guide: Guide, path: Path, today: date) -> list[Problem]:
    """Every warning, file-wide ones first, then by the line of the partner they concern.

    Once the action is over, the plan's warnings (loose ends, late or overdue asks, follow-ups,
    open flags) are history: only a reminder to purge remains, and after the purge none.
    Duplicates and contact details are always worth a look.
    """
    planning = worksheet.purged is None and not worksheet.action_passed(today)
    found = []
    if planning:
        found += [Problem(message, path) for message in _empty_essentials(worksheet, guide)]
        # Open questions and cautions, in the guide's words; partners' loose ends are the rules below.
        found += [Problem(note.message, path) for note in cautions(worksheet, guide) + loose_ends(worksheet, guide) if note.question]
    elif worksheet.purged is None:
        found.append(Problem(_("check.warn.purge_after_action", date=worksheet.action.date, file=path), path))
    partnered = [(p, message) for p in _partners(worksheet) for message in _partner_warnings(p, worksheet, guide, today)] if planning else []
    partnered += list(_duplicates(worksheet))
    partnered += [(p, message) for p in _partners(worksheet) for message in _sensitive(p, text_fields(p))]
    answers = {"considerations": worksheet.considerations, "tips": worksheet.tips}
    found += [Problem(message, path) for message in _sensitive(None, text_fields(worksheet.action, "action."))]  # shared by --redact
    found += [Problem(message, path) for message in _sensitive(None, text_fields(answers))]
    partnered.sort(key=lambda item: item[0].line or 0)
    return found + [Problem(message, path, partner.line) for partner, message in partnered]


def _partners(worksheet: Worksheet) -> list[Partner]:
    return [partner for _, partner in worksheet.all_partners()]


def _empty_essentials(worksheet: Worksheet, guide: Guide) -> Iterator[str]:
    for category in guide.categories:
        if category.essential and not worksheet.partners.get(category.id):
            yield _("check.warn.empty_essential", name=category.name)


def _partner_warnings(partner: Partner, worksheet: Worksheet, guide: Guide, today: date) -> Iterator[str]:
    name, ask = partner.organization, partner.ask
    if not partner.why:
        yield _("check.warn.no_why", organization=name)
    for flag in partner.open_flags():
        yield _("check.warn.open_flag", organization=name, flag=guide.term(str(flag.flag)), flag_id=flag.flag, date=flag.date)
    due = partner.follow_up_due(guide.follow_up_days)
    if due is not None and due < today:
        if partner.follow_up:
            reason = _("check.warn.follow_up_due.date")
        else:
            reason = n_("check.warn.follow_up_due.days", "check.warn.follow_up_due.days.plural", guide.follow_up_days)
        yield _("check.warn.follow_up_due", organization=name, due=due, reason=reason)
    if partner.status is not Status.PLANNED:
        return  # the ask has happened: its plan and timing are history
    if not (ask.who or ask.how or ask.when):
        yield _("check.warn.no_plan", organization=name)
    days = worksheet.days_before_action(ask.when)
    if days is not None and days < 0:
        yield _("check.warn.ask_after_action", organization=name, when=ask.when, action=worksheet.action.date)
    elif days is not None and days < guide.lead_days:
        yield n_("check.warn.late_ask", "check.warn.late_ask.plural", days, organization=name, when=ask.when, lead_days=guide.lead_days)
    if isinstance(ask.when, date) and ask.when < today:
        yield _("check.warn.ask_passed", organization=name, when=ask.when, status=guide.term(Status.PLANNED.value))
    if isinstance(ask.when, str):
        from ..worksheet.dates import parse_day

        try:
            written = parse_day(ask.when, today)
        except ValueError:
            written = None
        if written is not None:  # "June 3" is a date the agenda and the calendar cannot see as words
            yield _("check.warn.ask_in_words", organization=name, when=repr(ask.when), date=written)


# A phone number as people write one: an optional +country code, an optional (area code), then
# digit groups with one space, dot or dash between: +1 (908) 555-0123, 1-800-555-0199, 9085550123,
# +52 55 1234 5678, 555-0147. Dates are taken out of the text first; `_phone` weighs each match.
_PHONE = re.compile(r"(?<![\w+.,$€£-])(?:\+ ?\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d+(?:[ .-]\d+)*(?!\w|[.-]\d)")
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{1,2}:\d{2}")
_GROUPS = re.compile(r"\d+")


def _phone(text: str) -> bool:
    """Whether `text` holds something that reads as a phone number: 7 to 15 digits (E.164's most),
    not a year or a range of years, nor a round number written with spaces (1 000 000)."""
    for match in _PHONE.finditer(_DATE.sub(" ; ", text)):
        groups = _GROUPS.findall(match.group())
        digits = sum(map(len, groups))
        if not 7 <= digits <= 15:
            continue
        if all(len(g) == 4 and g[:2] in ("19", "20") for g in groups) or (len(groups) > 1 and set(groups[1:]) == {"000"}):
            continue
        return True
    return False


# Details that put people at risk if the file leaks, and that the plan does not need: (kind, finder).
SENSITIVE = (
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+").search),
    ("a_number", re.compile(r"(?<![\w-])[Aa][- #]?(?:\d{8,9}|\d{3}[- ]\d{3}[- ]\d{3})(?!\w)").search),
    ("phone", _phone),
)


def _sensitive_words(kind: str) -> str:
    """What a SENSITIVE kind is called in the warning: "an e-mail address"..."""
    if kind == "email":
        return _("check.sensitive.email")
    if kind == "a_number":
        return _("check.sensitive.a_number")
    return _("check.sensitive.phone")


_DIGIT = re.compile(r"\d")  # any script's digits, as the finders' \d


def _sensitive(partner: Partner | None, fields: Iterator[tuple[str, str]]) -> Iterator[str]:
    """A warning for each field whose text looks like contact details or a case number (never quoting it)."""
    for name, text in fields:
        if name == "organization":
            continue  # public, and often has numbers in it (Local 1031)
        if "@" not in text and len(_DIGIT.findall(text)) < 7:
            continue  # no address without an @, no phone or case number with fewer than 7 digits
        for kind, finds in SENSITIVE:
            if finds(text):
                where = f"{partner.organization}: {name}" if partner else name
                yield _("check.sensitive", where=where, kind=_sensitive_words(kind), hint=_("check.sensitive.hint"))
                break


def _duplicates(worksheet: Worksheet) -> Iterator[tuple[Partner, str]]:
    first: dict[str, Partner] = {}
    for partner in _partners(worksheet):
        key = organization_key(partner.organization)
        if key not in first:
            first[key] = partner
            continue
        where = _("check.duplicate.line", line=first[key].line) if first[key].line else _("check.duplicate.earlier")
        yield partner, _("check.warn.duplicate", organization=partner.organization, where=where)

"""Dates as people type them: 2027-06-03, "June 3", "3 June 2027", "Jun 3rd", "today", "tomorrow".

Wherever partnerkit asks for a date (`log --date` and `--follow-up`, `agenda --today`, `check
--today`, the interview's dates) these are accepted, and the date is saved as YYYY-MM-DD. The
words (month names and their short forms, today, tomorrow, yesterday, ordinal endings) are the
message catalog's, so they follow the user's language. A date without a year is the one nearest
`today`: typed in December, "January 5" is next month, and "December 28" in January was last month.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache

from ..catalog import _, codes

ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TOKENS = re.compile(r"\d+|[^\W\d_]+")
_SHORTEST = 3  # letters of a month's name that name it ("sep", "sept", "septem" are September)


def _words() -> tuple[tuple[tuple[str, ...], ...], dict[str, int], tuple[str, ...]]:
    """(each month's names, relative words -> days from today, ordinal endings), casefolded, in the
    language spoken now."""
    return _words_in(tuple(codes()))


@cache
def _words_in(languages: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], ...], dict[str, int], tuple[str, ...]]:
    """_words, once per language asked for (`languages` is the cache's key: --lang may change it)."""
    full = _("dates.months").casefold().split()
    short = _("dates.months.short").casefold().split()
    months = tuple((name, *short[index : index + 1]) for index, name in enumerate(full))
    relative = {_("dates.yesterday").casefold(): -1, _("dates.today").casefold(): 0, _("dates.tomorrow").casefold(): 1}
    return months, relative, tuple(_("dates.ordinals").casefold().split())


def _month(word: str) -> int | None:
    months = _words()[0]
    exact = [index for index, names in enumerate(months, 1) if word in names]
    if exact:
        return exact[0]
    starts = [index for index, names in enumerate(months, 1) if len(word) >= _SHORTEST and names[0].startswith(word)]
    return starts[0] if len(starts) == 1 else None


def looks_like_a_date(text: str) -> bool:
    """Whether `text` is written as a date (an ISO one, or a month and day): then it must be a real one."""
    try:
        return parse_day(text, date.today()) is not None
    except ValueError:
        return True


def parse_day(text: str, today: date) -> date | None:
    """The day `text` names, or None if it names none ("after Shabbat services").

    Raises ValueError for a day that does not exist (2027-02-30, June 31).
    """
    iso = ISO.match(text)
    if iso:
        return date(*map(int, iso.groups()))
    months, relative, ordinals = _words()
    words = text.strip().casefold().rstrip(".")
    if words in relative:
        return today + timedelta(days=relative[words])
    tokens = [t for t in _TOKENS.findall(words) if t not in ordinals]
    numbers = [int(t) for t in tokens if t.isdigit()]
    names = [t for t in tokens if not t.isdigit()]
    if len(names) != 1 or not 1 <= len(numbers) <= 2 or len(tokens) != len(names) + len(numbers):
        return None
    month = _month(names[0])
    if month is None or not 1 <= numbers[0] <= 31:
        return None
    if len(numbers) == 2:
        if numbers[1] < 1000:
            return None
        return date(numbers[1], month, numbers[0])
    return _nearest(month, numbers[0], today)


def _nearest(month: int, day: int, today: date) -> date:
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:  # February 29 in a common year
            continue
    if not candidates:
        raise ValueError(f"{month}-{day}")
    return min(candidates, key=lambda day_: abs((day_ - today).days))

"""Every word the tool itself says, from the message catalog of the user's language (gettext).

Messages are looked up by key, never by their English: `_("log.logged", organization=..., file=...)`.
The words live in the catalogs under locale/ (LANG/LC_MESSAGES/partnerkit.po, compiled to .mo by
`make catalogs`), so no word the tool shows is in Python. The campaign's own words (guidance,
questions, the interview's phrases) are the guide's, not the catalog's.

The language is the one set with `use_language` (--lang), else $PARTNERKIT_LANG, else the locale
as gettext reads it ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG); a message a catalog lacks falls
back to English, per message. The catalog is read once, on the first message a command shows: a
command that shows none (the table, from the quick path) never reads it.

A message's {placeholders} are filled with str.format; values that quote a file's text are
passed already quoted (`key=repr(key)`), as messages about encrypted files hide quoted text.
Literal braces are written {{ and }} in the catalog.

May import: nothing
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

DOMAIN = "partnerkit"
LOCALE = Path(__file__).parent / "locale"
FALLBACK = "en"
LANG_ENV = "PARTNERKIT_LANG"

_chosen: list[str] = []  # the language use_language set, if any


def _(key: str, /, **fields: Any) -> str:
    """The message `key` in the user's language, its {placeholders} filled from `fields`."""
    return _translations().gettext(key).format(**fields)


def n_(key: str, plural: str, count: int, /, **fields: Any) -> str:
    """The message `key` (or `plural`) for `count` things, in the user's language; {count} is filled too."""
    return _translations().ngettext(key, plural, count).format(count=count, **fields)


def N_(key: str, /) -> str:
    """Marks `key` as a message looked up later, with `_(key)`: the key itself (as gettext's N_)."""
    return key


def use_language(code: str | None) -> None:
    """Speak `code` (e.g. "es") from now on; None goes back to the environment's choice."""
    _chosen[:] = [code] if code else []
    _translations.cache_clear()


def languages() -> list[str]:
    """The languages asked for, most wanted first: use_language's, else $PARTNERKIT_LANG, else the locale's."""
    if _chosen:
        return list(_chosen)
    if os.environ.get(LANG_ENV):
        return [os.environ[LANG_ENV]]
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # gettext's own order
        value = os.environ.get(variable)
        if value:
            return [part for part in value.split(":") if part]
    return []


@cache
def _translations() -> Any:
    import gettext

    fallback = gettext.translation(DOMAIN, LOCALE, languages=[FALLBACK], fallback=True)
    wanted = [code for code in languages() if code not in ("C", "POSIX")]
    if not wanted:
        return fallback
    chosen = gettext.translation(DOMAIN, LOCALE, languages=wanted, fallback=True)
    if chosen is not fallback:
        chosen.add_fallback(fallback)
    return chosen

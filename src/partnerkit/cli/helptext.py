"""Click's and Typer's own words, in the reader's language: the help's headings and fixed phrases,
and the complaints about a command line.

Typer 0.28 carries click inside it (typer._click) with these words fixed in English, outside any
catalog. Help is always drawn by one formatter, made by the command's context: `Context` gives it
ours, which puts the catalog's words where click writes its own ("Usage:", "Options", "[default:
...]", "Show this message and exit.") before wrapping. A usage error is rebuilt from the
exception's attributes (`usage_message`). Both lean on the shape of click's words and classes:
on any surprise they give click's own words, as it would have shown them.
"""

from __future__ import annotations

import re
from contextlib import suppress
from typing import Any

import typer

from ..catalog import N_, _
from .quick import GLOBAL_OPTIONS

# Help texts click and Typer write themselves, whole: the catalog's key for each.
_FIXED = {
    "Show this message and exit.": N_("cli.help.help"),
    "Install completion for the current shell.": N_("cli.help.install_completion"),
    "Show completion for the current shell, to copy it or customize the installation.": N_("cli.help.show_completion"),
}
_HEADINGS = {"Usage": N_("cli.help.usage"), "Options": N_("cli.help.options"), "Arguments": N_("cli.help.arguments"), "Commands": N_("cli.help.commands")}
_EXTRAS = re.compile(r"^(?P<help>.*?)(?P<gap>\s*)\[(?P<extras>[^\[\]]*)\]$", re.S)  # "...  [default: table; required]"


class Formatter(typer.Context.formatter_class):  # type: ignore[name-defined,misc]
    """Click's help formatter, writing the catalog's words where click writes its own."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        with suppress(Exception):  # click's own words are better than none
            prefix, args = (_(_HEADINGS["Usage"]) + " " if prefix is None else prefix), _usage_args(args)
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(_HEADINGS[heading]) if heading in _HEADINGS else heading)

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        rows = list(rows)
        with suppress(Exception):
            rows = [(term, help_text(text)) for term, text in rows]
        super().write_dl(rows, *args, **kwargs)


def _usage_args(args: str) -> str:
    """A usage line's arguments with click's placeholders for options and a group's command in the catalog's words."""
    return args.replace("[OPTIONS]", _("cli.help.options_metavar")).replace("COMMAND [ARGS]...", _("cli.help.command_metavar"))


def help_text(text: str) -> str:
    """An option's help in the reader's language: click's fixed help texts, and the `[default: X]`
    and `[required]` Typer adds after ours."""
    if text in _FIXED:
        return _(_FIXED[text])
    found = _EXTRAS.match(text)
    if not found:
        return text
    extras = [_extra(part) for part in found["extras"].split("; ")]
    if None in extras:  # brackets of our own words ("[env: PARTNERKIT_GUIDE]"): as they are
        return text
    return f"{found['help']}{found['gap']}[{'; '.join(extras)}]"  # type: ignore[arg-type]


def _extra(part: str) -> str | None:
    if part == "required":
        return _("cli.help.required")
    if part.startswith("default: "):
        return _("cli.help.default", value=part.removeprefix("default: "))
    return None


class Context(typer.Context):
    """A command's context, whose help is drawn in the reader's language."""

    formatter_class = Formatter


# --- usage errors ------------------------------------------------------------------------------

_NO_SUCH_COMMAND = re.compile(r"^No such command (?P<name>.+?)\.(?: Did you mean (?P<suggestions>.+)\?)?$", re.S)
_EXTRA_ARGUMENTS = re.compile(r"^Got unexpected extra argument(?:\(s\)|s)? \((?P<arguments>.*)\)$", re.S)
_NEEDS_VALUE = re.compile(r"^Option .+ requires (?:an argument|\d+ arguments)\.$", re.S)
_TAKES_NO_VALUE = re.compile(r"^Option .+ does not take a value\.$", re.S)
_NOT_ONE_OF = re.compile(r"^(?P<value>.+) is not one of (?P<choices>.+)\.$", re.S)
_NOT_IN_RANGE = re.compile(r"^(?P<value>.+) is not in the range (?P<range>.+)\.$", re.S)
_NOT_A_NUMBER = re.compile(r"^(?P<value>.+) is not a valid (?:int|integer|float|integer range|int range|float range)\.$", re.S)


def usage_message(error: Any) -> str:
    """Click's complaint about a command line, in the reader's language; click's own (in the style of
    our messages: no capital, no full stop) for any it says in a way not foreseen here."""
    try:
        message = _rebuilt(error)
    except Exception:  # a newer click that words or shapes these otherwise
        message = None
    if message is not None:
        return message
    message = error.format_message().rstrip(".")
    return message[:1].lower() + message[1:] if message[1:2].islower() else message  # "invalid value ..."


def _rebuilt(error: Any) -> str | None:
    kind = type(error).__name__
    text = str(error.message)
    if kind == "NoSuchOption":
        if error.option_name in GLOBAL_OPTIONS:  # moved before the command with its value (quick.global_first): it had none
            return _("cli.usage.needs_value", option=repr(error.option_name))
        message = _("cli.usage.no_such_option", option=error.option_name)
        if error.possibilities:
            message = _("cli.usage.possible_options", message=message, options=", ".join(sorted(error.possibilities)))
        return message
    if kind == "BadOptionUsage":
        if _NEEDS_VALUE.match(text):
            return _("cli.usage.needs_value", option=repr(error.option_name))
        if _TAKES_NO_VALUE.match(text):
            return _("cli.usage.takes_no_value", option=repr(error.option_name))
        return None
    if kind == "MissingParameter" and not error.message:
        param_type = error.param_type or (error.param.param_type_name if error.param is not None else None)
        if param_type == "argument":
            return _("cli.usage.missing_argument", name=_param_hint(error))
        if param_type == "option":
            return _("cli.usage.missing_option", name=_param_hint(error))
        if param_type == "parameter":
            return _("cli.usage.missing_parameter", name=_param_hint(error))
        return None
    if kind == "BadParameter":
        inner = _value_problem(error, text)
        if inner is None:
            return None
        hint = _param_hint(error)
        return _("cli.usage.invalid_value_for", hint=hint, message=inner) if hint else _("cli.usage.invalid_value", message=inner)
    if kind == "UsageError":
        if text == "Missing command.":
            return _("cli.usage.missing_command")
        if found := _NO_SUCH_COMMAND.match(text):
            message = _("cli.usage.no_such_command", name=found["name"])
            return _("cli.usage.did_you_mean", message=message, suggestions=found["suggestions"]) if found["suggestions"] else message
        if found := _EXTRA_ARGUMENTS.match(text):
            return _("cli.usage.extra_arguments", arguments=found["arguments"])
    return None


def _value_problem(error: Any, text: str) -> str | None:
    """What is wrong with a value: our own message (already the catalog's), or click's for a value
    its type refused (a choice, a number, a range), in the catalog's words."""
    if error.param is None or type(error.param.type).__name__ not in ("TyperChoice", "IntRange", "IntParamType", "FloatParamType", "FloatRange"):
        return text  # raised by partnerkit itself, with the catalog's words
    if found := _NOT_ONE_OF.match(text):
        return _("cli.usage.not_one_of", value=found["value"], choices=found["choices"])
    if found := _NOT_IN_RANGE.match(text):
        return _("cli.usage.not_in_range", value=found["value"], range=found["range"])
    if found := _NOT_A_NUMBER.match(text):
        return _("cli.usage.not_a_number", value=found["value"])
    return None


def _param_hint(error: Any) -> str:
    """How click names the parameter in its messages: "'--format' / '-f'", "'ORG'"."""
    hint = error.param_hint
    if hint is None and error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    if isinstance(hint, list | tuple):
        hint = " / ".join(repr(h) for h in hint)
    return hint or ""

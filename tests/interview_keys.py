"""Keystrokes for an interview, built from its answers so tests read like a session.

A guide asks, in order: the action (name, date, place); per category its `before` questions,
"reach out?", each partner then "add another?", its `after` questions; the tips' questions; then
the review menu. `small` types through the small test guide (tests/fixtures/small-guide), on which
the interview's mechanics are tested; `bundled` through the bundled guide, for the end-to-end run.
"""

ENTER = "\r"
DOWN = "\x1b[B"
CTRL_C = "\x03"
CLEAR = "\x15"  # Ctrl-U: erase the text typed so far (or the default filled in)
BACK = "\x1b[Z"  # Shift-Tab: back one question
EDITOR = "\x18\x05"  # Ctrl-X Ctrl-E: write the answer in $EDITOR
TAB = "\t"  # complete the name being typed

SAVE, EDIT, REMOVE, ADD, QUIT = range(5)  # the review menu


def say(*answers: str) -> str:
    """Text answers, each ended with Enter; "" accepts the default (blank for a new answer)."""
    return "".join(answer + ENTER for answer in answers)


def choose(index: int = 0) -> str:
    """Pick the choice `index` places below the highlighted one (the default, else the first)."""
    return DOWN * index + ENTER


def partner(organization: str, why: str = "", who: str = "", how: int = 0, when: str = "", notes: str = "") -> str:
    """A new partner's answers; `how` is the index in the guide's channels."""
    return say(organization, why, who) + choose(how) + say(when, notes)


def partners(*each: str, yes: str = "y", no: str = "n") -> str:
    """Answer "reach out?" and "add another?" around the given partners' keys (`yes` and `no`: the
    language's letters, s and n in Spanish)."""
    if not each:
        return no
    return yes + yes.join(each) + no


def action(name: str = "Vigil", date: str = "2027-08-12", place: str = "Elizabeth") -> str:
    return say(name, date, place)


def bundled(action_keys: str = "", immigrant: tuple = (), jewish: tuple = (), interfaith: tuple = (), yes: str = "y", no: str = "n") -> str:
    """A first run through the bundled guide, leaving every judgement question at its default."""
    return (
        (action_keys or action())
        + say("") + partners(*immigrant, yes=yes, no=no) + choose() + say("")  # landscape; partners; safety, fit
        + say("") + choose() + partners(*jewish, yes=yes, no=no) + say("")  # ritual team, stretch; partners; tent
        + choose() + partners(*interfaith, yes=yes, no=no) + say("")  # size; partners; welcome
        + say("", "", "", "")  # the four tip questions
    )


def enter_through_example() -> str:
    """`new --from` the example worksheet with Enter at every question (each answer kept as it is), then save."""
    known = ENTER * 7  # a known partner: six answers, then "add another?"
    two = ENTER + known + known  # "reach out?" (yes, as before), then two partners
    keys = say("", "", "") + say("") + two + choose() + say("") + say("") + choose() + two + say("") + choose() + two + say("")
    return keys + say("", "", "", "") + choose(SAVE)


def small(action_keys: str = "", neighbors: tuple = (), faith: tuple = (), canvass: str = "y", decide_by: str = "", heard: str = "") -> str:
    """A run through the small guide: canvass first? (yes/no); partners of each kind; when we
    decide (a date, after the faith partners); what we heard (the one tip question)."""
    return (action_keys or action()) + canvass + partners(*neighbors) + partners(*faith) + say(decide_by) + say(heard)

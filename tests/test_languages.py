"""Language access: the whole tool in Spanish, and one worksheet read in either language.

A Spanish-speaking organizer (LANG=es_US.UTF-8, or --lang es) runs every command and sees no English:
`no_english` finds, in what a command printed, every word the English catalog or guide uses and
the Spanish ones never do. A bilingual team shares one worksheet, each reading it in their own
language; a worksheet written before choices had ids keeps working and is saved with ids, with a
notice, the first time partnerkit writes it.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import string
import subprocess
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

from interview_keys import SAVE, action, choose, enter_through_example, partner, say
from partnerkit.catalog import _, use_language
from partnerkit.guide.loading import bundled_guide_dir, load_guide
from partnerkit.worksheet.store import load as load_worksheet
from support import EXAMPLE, ROOT, partnerkit

LOCALE = ROOT / "src" / "partnerkit" / "locale"
GUIDE = ROOT / "guide"
SPANISH = {"LANG": "es_US.UTF-8"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# What is no one's language in a command's output: options and the values they take (--flag harm,
# <harm>), the metavars of a usage line (FILE, ORG), files and paths, keys, the command lines hints
# name, and the file's own words quoted in messages: its keys ("partners:", 'nmae') and values.
NOT_WORDS = re.compile(
    r"--?[A-Za-z][\w-]*(?:[ =][a-z][\w-]*)?|<[^>\s]*>|\b[A-Z][A-Z0-9_.\[\]-]+\b|\S*[/\\]\S*|\S+\.(?:yaml|age|ics|md|csv|html|txt|draft|undo|recipients)\b"
    r"|age1\w+|`[^`]*`|'[^'\n]*'|\"[^\"\n]*\"|\b[a-z_][\w.\[\]-]*:(?=\s)|\$\w+"
)


def po_texts(language: str) -> list[str]:
    with (LOCALE / language / "LC_MESSAGES" / "partnerkit.po").open("rb") as handle:
        return [text for m in read_po(handle) if m.id for text in (m.string if isinstance(m.string, tuple) else (m.string,))]


def yaml_texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in yaml_texts(item)]
    if isinstance(value, list):
        return [text for item in value for text in yaml_texts(item)]
    return []


def guide_texts(folder: Path) -> list[str]:
    return [text for path in sorted(folder.glob("*.yaml")) for text in yaml_texts(yaml.safe_load(path.read_text(encoding="utf-8")))]


def words_of(texts: list[str]) -> set[str]:
    return {word.casefold() for text in texts for word in WORD.findall(NOT_WORDS.sub(" ", re.sub(r"\{\w*\}", " ", text)))}


@cache
def english_words() -> frozenset[str]:
    """Words the English catalog or guide says that the Spanish ones never do."""
    english = words_of(po_texts("en") + guide_texts(GUIDE))
    spanish = words_of(po_texts("es") + guide_texts(GUIDE / "es"))
    return frozenset(word for word in english - spanish if len(word) > 1)


def no_english(text: str) -> list[str]:
    """The English words in `text` (options, metavars, paths and command lines aside)."""
    text = re.sub(r"-\n\s+", "-", text)  # a word wrapped at its hyphen (this-week.md), whole again
    text = re.sub(r"\n[ \t]+(?=\S)", " ", text)  # and a wrapped line: a quoted file name is one again
    return sorted({word for word in WORD.findall(NOT_WORDS.sub(" ", text)) if word.casefold() in english_words()})


def test_the_scan_finds_english_and_passes_spanish():
    assert "such" in no_english("error: no such option: --colour")
    assert {"and", "exit", "message"} <= set(no_english("Show this message and exit."))
    assert no_english("error: no existe la opción --colour\nsugerencia: consulta 'partnerkit show --help'") == []
    assert no_english("Uso: partnerkit log [OPCIONES] ORG [NOTE] --flag <harm> team.yaml") == []


def spanish(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None, **kwargs):
    """The installed command run by a Spanish speaker: (exit code, stdout, stderr) as text."""
    result = partnerkit(*args, env=SPANISH | (env or {}), cwd=cwd, **kwargs)
    return result.returncode, result.stdout.decode(), result.stderr.decode()


# --- the catalog and the guide are whole in Spanish -------------------------------------------------


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def catalog(language: str, locale: Path = LOCALE) -> dict[str, tuple[str, ...]]:
    with (locale / language / "LC_MESSAGES" / "partnerkit.po").open("rb") as handle:
        return {
            (m.id if isinstance(m.id, str) else m.id[0]): (m.string if isinstance(m.string, tuple) else (m.string,))
            for m in read_po(handle)
            if m.id
        }


LANGUAGES = sorted(p.name for p in LOCALE.iterdir() if p.name != "en")


def untranslated(language: str, locale: Path = LOCALE) -> list[str]:
    """The English messages `language` lacks or leaves empty, and the messages it has that English has not."""
    english, translated = catalog("en"), catalog(language, locale)
    return [key for key in english if key not in translated or not all(translated[key])] + sorted(set(translated) - set(english))


def wrong_placeholders(language: str, locale: Path = LOCALE) -> list[str]:
    """The messages of `language` whose {placeholders} are not their English message's, or which would not format."""
    english, translated = catalog("en"), catalog(language, locale)
    wrong = []
    for key, texts in translated.items():
        needed = set().union(*map(placeholders, english.get(key, ())))
        for text in texts:
            try:
                text.format(**dict.fromkeys(placeholders(text), "x"))  # a stray brace would fail only when shown
            except (ValueError, IndexError, KeyError):
                wrong.append(key)
                continue
            if key in english and placeholders(text) != needed:
                wrong.append(key)
    return wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language):
    assert untranslated(language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders_of_its_english(language):
    assert wrong_placeholders(language) == []


def test_the_catalog_tests_can_fail(tmp_path):
    """A copy of the Spanish catalog broken: a message left out, a placeholder renamed, a lone brace."""
    text = (LOCALE / "es" / "LC_MESSAGES" / "partnerkit.po").read_text(encoding="utf-8")
    broken = text.replace('msgid "cli.interrupted"\nmsgstr "Interrumpido."\n', "")
    broken = broken.replace("{file} tiene {count} problema", "{archivo} tiene {count} problema").replace("Uso:", "Uso {:")
    assert broken.count("\n") < text.count("\n")
    (tmp_path / "xx" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "xx" / "LC_MESSAGES" / "partnerkit.po").write_text(broken, encoding="utf-8")
    assert untranslated("xx", tmp_path) == ["cli.interrupted"]
    assert sorted(set(wrong_placeholders("xx", tmp_path))) == ["cli.help.usage", "errors.file_has_problems"]


def test_the_spanish_guide_has_every_file_and_the_english_ids():
    assert sorted(p.name for p in (GUIDE / "es").glob("*.yaml")) == sorted(p.name for p in GUIDE.glob("*.yaml"))
    english, spanish_guide = load_guide(), _spanish_guide()
    assert spanish_guide.language == "es" and english.language == ""
    assert [c.id for c in spanish_guide.channels] == [c.id for c in english.channels]
    for section in ("categories", "tips"):
        assert [
            (s.id, [(q.id, q.kind, [c.id for c in q.choices], q.judgement, bool([c for c in q.choices if c.caution])) for q in s.questions])
            for s in getattr(spanish_guide, section)
        ] == [
            (s.id, [(q.id, q.kind, [c.id for c in q.choices], q.judgement, bool([c for c in q.choices if c.caution])) for q in s.questions])
            for s in getattr(english, section)
        ]
    assert set(spanish_guide.terms) == set(english.terms) == {"planned", "asked", "agreed", "declined", "harm"}
    assert (spanish_guide.private, spanish_guide.lead_days, spanish_guide.moments) == (english.private, english.lead_days, english.moments)


def _spanish_guide():
    use_language("es")
    try:
        return load_guide()
    finally:
        use_language(None)


def test_spanish_reads_the_spanish_guide_instead_of_the_english_one(monkeypatch):
    """Loading a language costs nothing more: each file is read once, in the language wanted."""
    import partnerkit.guide.loading as loading

    read: list[Path] = []
    real = loading.read_bytes
    monkeypatch.setattr(loading, "read_bytes", lambda path: read.append(Path(path)) or real(path))
    import partnerkit.files.yamldoc as yamldoc

    composed = yamldoc.read_document
    monkeypatch.setattr(loading, "read_document", lambda path: read.append(Path(path)) or composed(path))
    _spanish_guide()
    assert sorted(p.relative_to(bundled_guide_dir()).as_posix() for p in read) == sorted(
        f"es/{name}" for name in ("guide.yaml", "interview.yaml", "categories.yaml", "tips.yaml", "tracking.yaml")
    )


@pytest.mark.parametrize("value", ["es_US.UTF-8", "es_MX", "es", "es-US", "fr:es"])
def test_the_language_comes_from_the_locale_as_gettext_reads_it(monkeypatch, value):
    monkeypatch.setenv("LANG", value)
    assert _guide_language() == "es"


def _guide_language() -> str:
    use_language(None)
    return load_guide().language


def test_partnerkit_lang_comes_before_the_locale_and_lang_before_both(monkeypatch):
    monkeypatch.setenv("LC_ALL", "es_US.UTF-8")
    monkeypatch.setenv("PARTNERKIT_LANG", "en")
    assert _guide_language() == ""
    monkeypatch.setenv("PARTNERKIT_LANG", "es")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert _guide_language() == "es"
    use_language("en")
    assert load_guide().language == ""


@pytest.mark.parametrize("code", ["../es", "es/../../x", "", "e", "español"])
def test_a_language_code_is_never_a_path(code):
    with pytest.raises(ValueError):
        use_language(code)


# --- a campaign's own guide, in its own languages ---------------------------------------------------


def test_a_campaign_adds_a_language_by_copying_a_folder(tmp_path, monkeypatch):
    """DIR/L/ first, then DIR/, then the bundled guide's L/, then the bundled guide: file by file."""
    folder = tmp_path / "guide"
    (folder / "fr").mkdir(parents=True)
    (folder / "categories.yaml").write_text((GUIDE / "categories.yaml").read_text().replace("Jewish community", "Our Jewish community"))
    (folder / "fr" / "tips.yaml").write_text((GUIDE / "tips.yaml").read_text().replace("General tips", "Conseils").replace(
        "Make your outreach list — and reach out early", "Faites votre liste"))
    monkeypatch.setenv("LANGUAGE", "fr:es")

    guide = load_guide(folder)

    assert guide.tips[0].title == "Faites votre liste"  # DIR/fr/
    assert guide.category("jewish").title == "Our Jewish community"  # DIR/
    assert guide.phrases["review_save"] == "Guardar"  # the bundled es/
    assert guide.language == "fr"


# --- every command, in Spanish ----------------------------------------------------------------------

COMMANDS = [
    (), ("show",), ("init",), ("new",), ("guide",), ("check",), ("edit",), ("lock",), ("unlock",), ("merge",), ("textconv",),
    ("setup-git",), ("purge",), ("agenda",), ("log",), ("undo",), ("key",), ("key", "new"), ("key", "show"), ("team",),
    ("team", "list"), ("team", "add"), ("team", "remove"), ("team", "accept"),
]


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "partnerkit")
@pytest.mark.parametrize("how", ["LANG", "--lang"])
def test_the_help_of_every_command_is_spanish(command, how):
    args, env = ((*command, "--help"), SPANISH) if how == "LANG" else ((*command, "--help", "--lang", "es"), {"LANG": "C.UTF-8"})
    result = partnerkit(*args, env=env)
    text = result.stdout.decode()
    assert result.returncode == 0, result.stderr
    assert text.startswith("Uso: partnerkit") and ("Opciones:" in text)
    assert "Muestra este mensaje y termina." in text
    assert no_english(text) == []


USAGE_ERRORS = [
    ("shwo",),
    ("show", "--colour"),
    ("show", "--form", "x"),
    ("show", "-f", "xml"),
    ("show", "--format"),
    ("log",),
    ("team", "add", "KEY"),
    ("agenda", "--days", "-1"),
    ("agenda", "--days", "x"),
    ("init", "a.yaml", "b.yaml"),
    ("log", "x", "--status", "maybe"),
    ("show", "--category", "jewsh"),
    ("log", "unidos", "note", "--date", "someday"),
    ("guide", "jewsh"),
    ("--lang", "xx!", "show"),
    ("show", "--lang"),
    ("merge", "a.yaml"),
]


@pytest.mark.slow
@pytest.mark.parametrize("args", USAGE_ERRORS, ids=" ".join)
@pytest.mark.parametrize("how", ["LANG", "--lang"])
def test_every_usage_error_is_spanish(tmp_path, args, how):
    if how == "--lang" and "--lang" in args:
        pytest.skip("the error is --lang's own")
    code, out, err = spanish(*args, cwd=tmp_path) if how == "LANG" else spanish(*args, "--lang", "es", cwd=tmp_path, env={"LANG": "C.UTF-8"})
    assert code == 2, err
    assert err.startswith("error: ") and "\nsugerencia: consulta 'partnerkit" in err, err
    assert no_english(err) == [], err


def test_help_falls_back_to_clicks_own_words_on_any_surprise(run, monkeypatch):
    """Should click's help rows ever come in another shape: its own words, never a crash."""
    import partnerkit.cli.helptext as helptext

    monkeypatch.setattr(helptext, "help_text", lambda text: 1 / 0)
    result = run("show", "--help")
    assert result.exit_code == 0 and "Show this message and exit." in result.stdout


def test_a_message_a_language_lacks_is_said_in_english(tmp_path, monkeypatch):
    """Per message: the rest of the language's catalog is still used."""
    from babel.messages.mofile import write_mo

    import partnerkit.catalog as catalog_module

    with (LOCALE / "es" / "LC_MESSAGES" / "partnerkit.po").open("rb") as handle:
        partial = read_po(handle)
    partial.delete("cli.interrupted")
    (tmp_path / "xx" / "LC_MESSAGES").mkdir(parents=True)
    with (tmp_path / "xx" / "LC_MESSAGES" / "partnerkit.mo").open("wb") as handle:
        write_mo(handle, partial)
    (tmp_path / "en").symlink_to(LOCALE / "en")
    monkeypatch.setattr(catalog_module, "LOCALE", tmp_path)
    use_language("xx")

    assert catalog_module._("cli.interrupted") == "Interrupted."
    assert catalog_module._("cli.input_ended") == "la entrada terminó antes de que el comando pudiera acabar"
    assert catalog_module.language() == "xx"


def test_a_usage_error_in_words_click_never_said_falls_back_to_clicks_own():
    """A newer click that words a message otherwise: its own words, never a crash."""
    from partnerkit.cli.helptext import help_text, usage_message

    class Odd(Exception):
        message = "Something new went wrong."
        exit_code = 2
        ctx = None

        def format_message(self) -> str:
            return self.message

    assert usage_message(Odd()) == "something new went wrong"
    assert help_text("Some new help.  [default: 3; newly]") == "Some new help.  [default: 3; newly]"


@pytest.fixture
def team_sheet(tmp_path) -> Path:
    code, out, err = spanish("init", "--example", "equipo.yaml", cwd=tmp_path)
    assert code == 0, err
    return tmp_path / "equipo.yaml"


def strip_markup(text: str) -> str:
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.mark.slow
def test_a_spanish_speaker_runs_every_command_and_reads_no_english(team_sheet, tmp_path):
    folder = tmp_path
    said: list[tuple[str, str]] = []

    def run(*args: str | Path, expect: int = 0, env: dict[str, str] | None = None, **kwargs) -> tuple[str, str]:
        code, out, err = spanish(*args, cwd=folder, env=env, **kwargs)
        assert code == expect, (args, out, err)
        said.append((" ".join(map(str, args)), out + err))
        return out, err

    out, _err = run("show", team_sheet)
    assert "invitada" in out and "aceptó" in out and "declinó" in out
    for fmt in ("markdown", "csv", "html", "ics"):
        out, _err = run("show", "-f", fmt, team_sheet)
        said[-1] = (said[-1][0], strip_markup(out) if fmt == "html" else out)
    assert '<html lang="es">' in partnerkit("show", "-f", "html", team_sheet, env=SPANISH).stdout.decode()
    ics = partnerkit("show", "-f", "ics", team_sheet, env=SPANISH).stdout.decode()
    said[-1] = ("ics", "\n".join(line for line in ics.splitlines() if line.startswith(("SUMMARY", "DESCRIPTION"))))
    assert "SUMMARY:Invitar a Unidos en la Lucha (ficticia) — Dana y Marisol\\, Reunión uno a uno" in ics.replace("\r\n ", "")
    out, _err = run("show", "-f", "csv", "-o", "equipo.csv", team_sheet)
    assert (folder / "equipo.csv").read_text(encoding="utf-8-sig").startswith("categoría,organización,por qué,quién,cómo,cuándo,estado")
    run("check", team_sheet, "--today", "2027-06-08")
    checked = json.loads(partnerkit("check", "--format", "json", team_sheet, env=SPANISH).stdout)
    said.append(("check json", " ".join(w["message"] for w in checked["warnings"])))
    for fmt in ("text", "markdown"):
        run("agenda", team_sheet, "--today", "2027-06-08", "-f", fmt)
    agenda = json.loads(partnerkit("agenda", team_sheet, "--today", "2027-06-08", "-f", "json", env=SPANISH).stdout)
    said.append(("agenda json", " ".join([agenda["title"], *agenda["countdowns"]] + [s["heading"] for s in agenda["sections"]]
                                          + [i["text"] for s in agenda["sections"] for i in s["items"]])))
    out, err = run("log", "unidos", "Advierten que una vigilia en la puerta traería represalias.", "--flag", "harm", "--by", "Dana",
                   "--date", "27 de mayo de 2027", "--file", team_sheet)
    assert "Anotado para Unidos en la Lucha (ficticia)" in out
    run("show", team_sheet)
    run("check", team_sheet, "--today", "2027-06-08")
    out, _err = run("log", "interreligiosa", "Su calendario de agosto está lleno.", "--status", "declined", "--by", "Dana",
                    "--date", "10 de junio de 2027", "--file", team_sheet)
    assert "No vamos a conectar con todos los aliados" in out  # the guide's words at a decline
    run("undo", team_sheet)
    run("agenda", team_sheet, "--today", "2027-06-08")
    run("guide")
    run("guide", "jewish")
    script = folder / "editor.sh"
    script.write_text("#!/bin/sh\nsed -i 's/Dana y Marisol/Dana, Marisol y Eli/' \"$1\"\n")
    script.chmod(0o755)
    out, _err = run("edit", team_sheet, env={"EDITOR": str(script), "VISUAL": ""})
    assert "Dana, Marisol y Eli" in team_sheet.read_text()
    run("key", "new", folder / "clave.txt")
    run("key", "show", "-i", folder / "clave.txt")
    public = partnerkit("key", "show", "-i", folder / "clave.txt").stdout.decode().strip()
    run("lock", team_sheet, "--to", public)
    locked = folder / "equipo.yaml.age"
    run("show", locked, "-i", folder / "clave.txt")
    run("team", "list", "--file", locked, "-i", folder / "clave.txt")
    run("team", "add", _second_key(folder), "--name", "Marisol", "--file", locked, "-i", folder / "clave.txt")
    run("team", "remove", "Marisol", "--file", locked, "-i", folder / "clave.txt")
    run("unlock", locked, "-i", folder / "clave.txt")
    copy = folder / "equipo (Dana's conflicted copy 2027-06-01).yaml"
    copy.write_text(team_sheet.read_text())  # a sync app's copy, with nothing new: folded in cleanly
    out, err = run("merge", team_sheet, copy)
    assert not copy.exists()
    said[-1] = ("merge", (out + err).replace(str(copy), ""))  # the sync app's English name for its copy is no word of ours
    if shutil.which("git"):
        subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
        run("setup-git", team_sheet)
        run("setup-git", team_sheet)  # again: nothing to do, and it says so
    run("purge", team_sheet, "--yes", "--force")
    run("check", team_sheet)
    # and every error a person meets
    run("show", folder / "nada.yaml", expect=1)
    (folder / "rota.yaml").write_text("version: 2\npartners:\n  jewsh: []\naction:\n  nmae: x\n")
    run("show", folder / "rota.yaml", expect=1)
    run("check", folder / "rota.yaml", expect=1)
    run("log", "nadie", "nota", "--file", team_sheet, expect=2)
    run("init", team_sheet, expect=1)
    run("new", folder / "otra.yaml", expect=2)  # no terminal
    run("purge", team_sheet, expect=2)  # no terminal to ask in
    run("unlock", folder / "nada.yaml.age", "-i", folder / "clave.txt", expect=1)
    run("show", locked, expect=1)  # no key: asks for a passphrase, without a terminal

    found = {command: no_english(text) for command, text in said}
    assert {command: words for command, words in found.items() if words} == {}


def _second_key(folder: Path) -> str:
    partnerkit("key", "new", folder / "otra-clave.txt")
    return partnerkit("key", "show", "-i", folder / "otra-clave.txt").stdout.decode().strip()


# --- new, in Spanish: questionary, plain, and a real terminal ----------------------------------------


def test_the_interview_in_spanish_saves_ids_and_answers_in_the_spanish_letters(keyboard, guide):
    keys = (
        action("Vigilia", "12 de agosto de 2027", "Elizabeth")
        + say("") + "s" + partner("Unidos", "Observan la corte", "Dana", how=2, when="20 de mayo de 2027") + "n"  # landscape; a partner
        + choose(3) + say("")  # "Todavía no — les preguntaremos...", with its caution; campaign fit
        + say("") + choose(2) + "n" + say("")  # ritual team; "Un poco — ..."; no Jewish partners; tent
        + choose() + "n" + say("")  # action size left open; no allies; welcome
        + say("", "", "", "")  # the tips
        + choose(SAVE)
    )
    result = keyboard("equipo.yaml", "--lang", "es", keys=keys)

    assert result.exit_code == 0, result.output
    saved = load_worksheet(Path("equipo.yaml"), guide)
    assert saved.action.date == date(2027, 8, 12)
    (unidos,) = saved.partners["immigrant-led"]
    assert (unidos.organization, unidos.ask.how, unidos.ask.when) == ("Unidos", "email", date(2027, 5, 20))
    assert saved.considerations == {"immigrant-led": {"detainee-safety": "not-yet-ask-before-committing"},
                                    "jewish": {"stretch-to-synagogues": "a-little-only-trusted"}}
    text = Path("equipo.yaml").read_text()
    assert "how: email" in text and "detainee-safety: not-yet-ask-before-committing" in text
    assert "Guardado en equipo.yaml." in result.stdout
    assert "Hay que preguntar a nuestros aliados inmigrantes" in result.stdout  # the caution, when chosen
    assert no_english(result.stdout) == []


def test_the_plain_interview_in_spanish_takes_s_and_n(keyboard, monkeypatch, guide):
    monkeypatch.setenv("PARTNERKIT_PLAIN", "1")
    keys = (say("Vigilia", "", "")  # the action
            + say("") + say("y", "s") + say("Unidos", "", "", "3", "", "") + say("n")  # landscape; y is no Spanish answer; a partner
            + say("1", "") + say("", "1", "n", "") + say("1", "n", "")  # judgements left open; no more partners
            + say("", "", "", "") + say("1"))
    result = keyboard("equipo.yaml", "--lang", "es", keys=keys)

    assert result.exit_code == 0, result.output
    assert "Escribe s para decir sí, o n para decir no." in result.stdout  # after "y"
    assert "¿Contactamos a organizaciones lideradas por inmigrantes? (s/n) [s]" in result.stdout
    assert "  3. Correo electrónico" in result.stdout
    (unidos,) = load_worksheet(Path("equipo.yaml"), guide).partners["immigrant-led"]
    assert unidos.ask.how == "email"
    assert no_english(result.stdout) == []


@pytest.mark.slow
def test_new_in_spanish_in_a_real_terminal(tmp_path):
    from support import in_a_terminal

    child = in_a_terminal(tmp_path, "new", "equipo.yaml", env=SPANISH)
    for question, keys in [
        ("¿Cómo se llama la acción?", "Vigilia\r"), ("¿Cuándo es la acción?", "12 de agosto\r"), ("¿Dónde será?", "\r"),
        ("¿Qué grupos liderados por inmigrantes", "\r"), ("(S/n)", "n"),
    ]:
        child.expect(re.escape(question))
        child.send(keys)
    child.expect(re.escape("Sí — apoyan el plan tal como está"))
    child.send("\x03")  # Ctrl-C: the draft is kept, said in Spanish
    child.expect(re.escape("Interrumpido. Tus respuestas hasta ahora están en"))
    child.expect(pexpect_eof())
    child.close()
    assert child.exitstatus == 130
    assert (tmp_path / ".equipo.yaml.draft").exists()


def pexpect_eof():
    import pexpect

    return pexpect.EOF


def test_a_draft_answered_in_one_language_is_resumed_in_it(keyboard):
    first = keyboard("equipo.yaml", "--lang", "es", keys=say("Vigilia", "", ""))  # the keys run out: a draft is kept
    assert first.exit_code == 130 and Path(".equipo.yaml.draft").exists()
    use_language(None)  # a new run, in English

    again = keyboard("equipo.yaml", "--resume", keys="")  # in English

    assert again.exit_code == 1
    assert "was answered in another language" in again.stderr and "--lang es" in again.stderr


# --- a bilingual team shares one worksheet ----------------------------------------------------------


@pytest.mark.slow
def test_a_worksheet_written_in_spanish_reads_in_english_and_back(team_sheet, tmp_path):
    english_sheet = tmp_path / "team.yaml"
    english_sheet.write_text(EXAMPLE.read_text())
    assert partnerkit("log", "unidos", "They warn of retribution.", "--flag", "harm", "--date", "2027-05-27", "--file", english_sheet).returncode == 0
    assert spanish("log", "unidos", "Llamamos otra vez.", "--date", "2027-05-28", "--file", team_sheet)[0] == 0

    for path in (team_sheet, english_sheet):
        english_view = partnerkit("show", "-f", "markdown", path).stdout.decode()
        spanish_view = spanish("show", "-f", "markdown", path)[1]
        assert "One-on-one meeting" in english_view and "Medium — plus a few close allies" in english_view and "_asked_" in english_view
        assert "Reunión uno a uno" in spanish_view and "Mediana — más algunos aliados cercanos" in spanish_view and "_invitada_" in spanish_view
    assert no_english(spanish("show", "-f", "markdown", team_sheet)[1]) == []
    assert "open harm flag" in " ".join(partnerkit("show", "-f", "markdown", english_sheet).stdout.decode().split())
    assert "alerta de daño abierta" in spanish("show", "-f", "markdown", english_sheet)[1]

    both = [team_sheet, english_sheet]
    english_agenda = partnerkit("agenda", *both, "--today", "2027-06-08").stdout.decode()
    spanish_agenda = spanish("agenda", *both, "--today", "2027-06-08")[1]
    assert "Asked, no answer yet: follow up" in english_agenda and "Email" in english_agenda
    assert "Invitaciones hechas, todavía sin respuesta: dar seguimiento" in spanish_agenda and "Correo electrónico" in spanish_agenda
    assert "por invitar  invitada  aceptó  declinó" in spanish_agenda
    english_counts = json.loads(partnerkit("agenda", *both, "--today", "2027-06-08", "-f", "json").stdout)["counts"]
    spanish_counts = json.loads(spanish("agenda", *both, "--today", "2027-06-08", "-f", "json")[1])["counts"]
    assert list(spanish_counts.values()) == list(english_counts.values())  # the same counts, by status id
    assert list(spanish_counts) == ["Organización liderada por inmigrantes", "Organización judía (incluidas sinagogas)", "Interreligiosos y otros"]
    english_ics = partnerkit("show", "-f", "ics", team_sheet).stdout.decode().replace("\r\n ", "")
    assert "SUMMARY:Ask Unidos en la Lucha (ficticia) — Dana y Marisol\\, One-on-one meeting" in english_ics


def test_an_english_speaker_logs_on_a_spanish_worksheet_and_its_answers_stay_ids(run, tmp_path):
    sheet = tmp_path / "equipo.yaml"
    use_language("es")
    run("init", "--example", sheet)
    use_language(None)
    before = sheet.read_text()

    result = run("log", "garden", "Called their coordinator.", "--status", "asked", "--date", "2027-06-01", "--file", sheet)

    assert result.exit_code == 0, result.output
    assert "ids" not in result.stderr  # nothing to convert: ids already
    after = sheet.read_text()
    assert "how: at-their-meeting" in after and "detainee-safety: yes-changing-plan-with-them" in after
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0) if line[:1] in "+-"][2:]
    assert diff[:2] == ["-      status: planned", "+      status: asked"] and all(line.startswith("+") for line in diff[2:])


# --- a worksheet from before choices had ids ------------------------------------------------------------

WORDS = {
    "how: one-on-one": "how: One-on-one meeting",
    "how: at-their-meeting": "how: At their meeting or event",
    "how: email": "how: Email",
    "how: phone-call": "how: Phone call",
    "how: mutual-contact": "how: Through a mutual contact",
    "detainee-safety: yes-changing-plan-with-them": "detainee-safety: Yes — and we're changing the plan with them",
    "stretch-to-synagogues: a-little-only-trusted": "stretch-to-synagogues: A little — only those we already trust",
    "action-size: medium-plus-close-allies": "action-size: Medium — plus a few close allies",
}


def old_example() -> str:
    """The example worksheet as partnerkit wrote it before choices had ids: the answers' English words."""
    text = EXAMPLE.read_text()
    for ids, words in WORDS.items():
        text = text.replace(ids, words)
    return text


def test_a_spreadsheet_shows_each_way_of_asking_in_the_readers_words(run):
    """The file keeps a channel's id (one-on-one); a CSV row shows its words, in either language."""
    import csv
    import io

    for code, words in (("en", "One-on-one meeting"), ("es", "Reunión uno a uno")):
        use_language(code)
        header, *rows = csv.reader(io.StringIO(run("show", "-f", "csv", EXAMPLE).stdout))
        assert header[1] == _("present.column.organization") and header[4] == _("present.column.how")
        assert next(row[4] for row in rows if row[1].startswith("Unidos")) == words, code


def test_an_old_worksheet_reads_as_its_choices_in_any_language(run, tmp_path, guide):
    sheet = tmp_path / "team.yaml"
    sheet.write_text(old_example())
    example = load_worksheet(EXAMPLE, guide)

    assert load_worksheet(sheet, guide) == example
    assert run("check", sheet).exit_code == 0
    use_language("es")
    shown = run("show", sheet, "-f", "markdown")
    assert "Mediana — más algunos aliados cercanos" in shown.stdout and "Reunión uno a uno" in shown.stdout
    assert sheet.read_text() == old_example()  # reading changes nothing


def test_an_old_worksheet_is_saved_with_ids_on_its_first_write_and_says_so(run, tmp_path):
    sheet = tmp_path / "team.yaml"
    sheet.write_text(old_example())

    result = run("log", "unidos", "Met again.", "--date", "2027-05-27", "--file", sheet)

    assert result.exit_code == 0, result.output
    notice = " ".join(result.stderr.split())
    assert "saved 9 chosen answers as their words; they are now saved as their choices' ids" in notice
    assert "considerations.jewish.stretch-to-synagogues 'A little — only those we already trust' is a-little-only-trusted" in notice
    assert "partners.immigrant-led[1].ask.how 'One-on-one meeting' is one-on-one" in notice
    expected = EXAMPLE.read_text()
    assert sheet.read_text().replace("      log:\n        - date: 2027-05-27\n          note: Met again.\n", "") == expected
    again = run("log", "unidos", "And again.", "--date", "2027-05-28", "--file", sheet)
    assert "ids" not in again.stderr  # said once: the file holds ids now


def test_locking_an_old_worksheet_saves_its_ids_and_says_so(run, tmp_path, guide):
    sheet, key = tmp_path / "team.yaml", tmp_path / "key.txt"
    sheet.write_text(old_example())
    public = run("key", "new", key).stdout.strip()

    locked = run("lock", sheet, "--to", public)

    assert locked.exit_code == 0, locked.output
    assert "they are now saved as their choices' ids" in " ".join(locked.stderr.split())
    unlocked = run("-i", key, "unlock", tmp_path / "team.yaml.age")
    assert unlocked.exit_code == 0 and "ids" not in unlocked.stderr  # said once
    assert "how: one-on-one" in sheet.read_text() and "Medium" not in sheet.read_text()


def test_an_old_worksheet_updated_with_new_from_keeps_its_layout_and_says_so(keyboard):
    sheet = Path("team.yaml")
    old = old_example().replace("how: Email", "how: Email   # a comment kept", 1).replace("        how: Phone call\n", "        how: 'Phone call'\n")
    sheet.write_text(old)
    keys = enter_through_example()

    result = keyboard("team.yaml", "--from", "team.yaml", keys=keys)

    assert result.exit_code == 0, result.output
    assert "they are now saved as their choices' ids" in " ".join(result.stdout.split())
    assert sheet.read_text() == EXAMPLE.read_text().replace("how: email", "how: email   # a comment kept", 1)


def test_spanish_words_saved_by_hand_read_as_their_choice_too(run, tmp_path, guide):
    sheet = tmp_path / "equipo.yaml"
    sheet.write_text(EXAMPLE.read_text().replace("how: email", "how: Correo electrónico").replace(
        "action-size: medium-plus-close-allies", "action-size: Mediana — más algunos aliados cercanos"))

    assert load_worksheet(sheet, guide) == load_worksheet(EXAMPLE, guide)
    assert "Medium — plus a few close allies" in run("show", sheet, "-f", "markdown").stdout


def test_words_no_guide_knows_stay_as_written(run, tmp_path, guide):
    sheet = tmp_path / "team.yaml"
    sheet.write_text(EXAMPLE.read_text().replace("how: email", "how: Over coffee").replace(
        "action-size: medium-plus-close-allies", "action-size: Huge"))
    worksheet = load_worksheet(sheet, guide)
    assert worksheet.converted == ()
    assert "Over coffee" in run("show", sheet).stdout
    assert run("log", "workmen", "Coffee set.", "--file", sheet).stderr.count("ids") == 0


# --- yes and no in the language's letters -------------------------------------------------------------


def test_purge_asks_in_spanish_and_takes_s(run, tmp_path, monkeypatch):
    monkeypatch.setattr("partnerkit.cli.consoles.interactive", lambda: True)
    sheet = tmp_path / "equipo.yaml"
    sheet.write_text(EXAMPLE.read_text())
    use_language("es")

    refused = run("purge", sheet, "--today", "2027-08-20", input="y\nn\n")
    assert "(s/N)" in refused.stderr and "Escribe s para decir sí, o n para decir no." in refused.stderr
    assert refused.exit_code == 1 and sheet.read_text() == EXAMPLE.read_text()

    done = run("purge", sheet, "--today", "2027-08-20", input="s\n")
    assert done.exit_code == 0, done.output
    assert "purged:" in sheet.read_text()


def test_the_terminal_confirm_takes_the_languages_letters(monkeypatch):
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from partnerkit.cli.prompters.terminal import yes_or_no

    use_language("es")
    for keys, answer in (("s", True), ("S", True), ("n", False), ("y\r", False), ("\r", False)):
        with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
            pipe.send_text(keys)
            assert yes_or_no("¿Seguimos?", default=False).unsafe_ask() is answer, keys


def test_the_terminal_confirm_falls_back_to_questionarys_own(monkeypatch):
    import questionary

    from partnerkit.cli.prompters import terminal

    monkeypatch.setattr(terminal, "_yes_or_no", lambda *a: 1 / 0)
    assert isinstance(terminal.yes_or_no("Go on?", True), questionary.Question)


# --- the quick path speaks it too -------------------------------------------------------------------------


@pytest.mark.slow
def test_the_quick_path_and_typer_speak_the_same_language(team_sheet, tmp_path):
    from test_quick_path import same_through_both

    for env, args in ((SPANISH, ()), ({"LANG": "C.UTF-8"}, ("--lang", "es")), ({"LANG": "C.UTF-8"}, ("--lang=es",))):
        for command in ("show", "check", "agenda"):
            result = same_through_both(command, str(team_sheet), *args, cwd=tmp_path, env=env)
            assert no_english(result.stdout + result.stderr) == [], (command, args)
    assert "Tipo de aliado" in same_through_both("show", "--lang", "es", str(team_sheet), cwd=tmp_path).stdout


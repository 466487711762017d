import pytest

from partnerkit import __version__
from partnerkit.cli.app import app


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"partnerkit {__version__}"


def commands(typer_app, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command's words, sub-commands (`key new`) included."""
    found = [(*prefix, c.name or c.callback.__name__) for c in typer_app.registered_commands]
    for group in typer_app.registered_groups:
        found += commands(group.typer_instance, (*prefix, group.name))
    return found


def test_every_command_has_help_with_an_example(run):
    names = commands(app)
    assert {("show",), ("init",), ("guide",), ("key", "new")} <= set(names)
    for words in names:
        result = run(*words, "--help")
        assert result.exit_code == 0
        assert "Example: partnerkit " + " ".join(words) in result.stdout, words


def test_no_arguments_shows_the_commands(run):
    result = run()
    assert "show" in result.output and "init" in result.output


def test_unknown_option_is_a_usage_error(run):
    result = run("show", "--colour")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["error: no such option: --colour", "hint: see 'partnerkit show --help'"]
    assert result.stdout == ""


@pytest.mark.parametrize("option", ["-i", "--identity", "--lang"])
def test_partnerkits_own_option_without_its_value_says_so(run, option):
    """-i, --identity and --lang may follow the command; given last with no value, that is what is wrong."""
    result = run("show", option)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: option '{option}' requires an argument", "hint: see 'partnerkit show --help'"]


def test_usage_errors_are_error_and_hint_lines_like_every_other_error(run):
    result = run("show", "--category", "jewsh")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: invalid value for '--category': no category 'jewsh' (did you mean \"jewish\"?); "
        "choose from immigrant-led, jewish, interfaith",
        "hint: see 'partnerkit show --help'",
    ]
    result = run("nope")
    assert (result.exit_code, result.stderr.splitlines()) == (2, ["error: no such command 'nope'", "hint: see 'partnerkit --help'"])


def test_help_is_unchanged_by_the_error_handling(run):
    result = run("show", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: partnerkit show [OPTIONS] [FILE...]\n")


def test_exit_codes_are_documented_in_the_readme():
    from pathlib import Path

    from partnerkit import errors as cli

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for code in (cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_INTERRUPTED):
        assert f"| {code} |" in readme




@pytest.mark.slow
def test_hints_name_the_command_as_it_can_be_run_from_here(tmp_path):
    """After `make run` partnerkit is in .venv/bin, not on PATH: a hint must name what works."""
    from support import PARTNERKIT, partnerkit

    elsewhere = partnerkit("init", "w.yaml", cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert f"Edit it: {PARTNERKIT} edit w.yaml" in elsewhere.stdout.decode()  # `edit`: it works for .age files too
    on_path = partnerkit("init", "v.yaml", cwd=tmp_path, env={"PATH": f"{PARTNERKIT.parent}:/usr/bin:/bin"})
    assert "Edit it: partnerkit edit v.yaml   See it: partnerkit show v.yaml" in on_path.stdout.decode()
    inside = partnerkit("init", tmp_path / "u.yaml", cwd=PARTNERKIT.parents[1], env={"PATH": "/usr/bin:/bin"})
    assert f"Edit it: bin/partnerkit edit {tmp_path / 'u.yaml'}" in inside.stdout.decode()  # relative to here

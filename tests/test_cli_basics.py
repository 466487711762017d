from partnerkit import __version__
from partnerkit.cli import app


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"partnerkit {__version__}"


def test_every_command_has_help_with_an_example(run):
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"show", "init", "guide"} <= set(names)
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0
        assert "Example: partnerkit " + name in result.stdout, name


def test_no_arguments_shows_the_commands(run):
    result = run()
    assert "show" in result.output and "init" in result.output


def test_unknown_option_is_a_usage_error(run):
    result = run("show", "--colour")
    assert result.exit_code == 2
    assert "No such option: --colour" in result.stderr
    assert "Traceback" not in result.output


def test_exit_codes_are_documented_in_the_readme():
    from pathlib import Path

    from partnerkit import cli

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    for code in (cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_INTERRUPTED):
        assert f"| {code} |" in readme



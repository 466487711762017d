"""Shell completion: commands, options, the guide's category ids, statuses; file names otherwise.

bash is driven for real through the script `partnerkit --show-completion bash` prints; zsh and
fish through the same protocol their scripts use (environment variables naming the words).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import SMALL_GUIDE

BIN = Path(sys.executable).parent

needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PARTNERKIT_GUIDE"}
    return {**env, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **extra}


def bash_completions(*words: str, **env: str) -> list[str]:
    """What bash offers after `partnerkit WORDS...` (the last word being completed)."""
    script = (
        'source <(partnerkit --show-completion bash)\n'
        'COMP_WORDS=(partnerkit "$@"); COMP_CWORD=$#\n'
        '_partnerkit_completion partnerkit\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", script, "bash", *words], capture_output=True, text=True, env=environment(**env), timeout=60)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.slow
@needs_bash
def test_bash_completes_commands_options_categories_and_statuses():
    assert bash_completions("sh") == ["show"]
    assert {"--format", "--category", "--status", "--output", "--watch", "--guide"} <= set(bash_completions("show", "--"))
    assert bash_completions("show", "--category", "") == ["immigrant-led", "jewish", "interfaith"]
    assert bash_completions("show", "-c", "j") == ["jewish"]
    assert bash_completions("show", "--status", "a") == ["asked", "agreed"]
    assert bash_completions("guide", "") == ["immigrant-led", "jewish", "interfaith"]


@needs_bash
def test_bash_categories_come_from_the_guide_in_use():
    assert bash_completions("show", "--guide", str(SMALL_GUIDE), "-c", "") == ["neighbors", "faith"]
    assert bash_completions("show", "-c", "", PARTNERKIT_GUIDE=str(SMALL_GUIDE)) == ["neighbors", "faith"]
    assert bash_completions("show", "-c", "", PARTNERKIT_GUIDE="/no/such/guide") == []  # no guide: nothing, no error


@needs_bash
def test_bash_leaves_file_names_to_the_shell():
    # An empty answer makes bash complete file names itself (the script's `complete -o default`).
    assert bash_completions("show", "team") == []
    # Typer finds the shell among the caller's ancestors (and ignores the word "bash" when it can),
    # so ask from within bash, as a person does: pytest itself may run with no shell above it.
    assert "complete -o default" in subprocess.run(
        # `; exit` keeps bash from exec'ing partnerkit in its place: bash stays its parent, whatever runs the tests.
        ["bash", "-c", "partnerkit --show-completion bash; exit"], capture_output=True, text=True, env=environment(), timeout=60
    ).stdout


def protocol(shell: str, line: str, **extra: str) -> subprocess.CompletedProcess[str]:
    env = environment(_PARTNERKIT_COMPLETE=f"complete_{shell}", _TYPER_COMPLETE_ARGS=line, **extra)
    return subprocess.run([str(BIN / "partnerkit")], capture_output=True, text=True, env=env, timeout=60)


def test_zsh_offers_category_ids_with_their_labels_and_files_otherwise():
    offered = protocol("zsh", "partnerkit show -c ").stdout
    assert '"immigrant-led":"Immigrant-led organization"' in offered and '"interfaith":"Interfaith and other"' in offered
    assert protocol("zsh", "partnerkit show te").stdout.strip() == "_files"


def test_fish_offers_statuses_and_files_otherwise():
    assert protocol("fish", "partnerkit show -s ", _TYPER_COMPLETE_FISH_ACTION="get-args").stdout.split() == ["planned", "asked", "agreed", "declined"]
    assert protocol("fish", "partnerkit check te", _TYPER_COMPLETE_FISH_ACTION="is-args").returncode == 1  # 1: fish lists files


def test_completion_scripts_for_every_shell_and_install_option(run):
    help_text = run("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text

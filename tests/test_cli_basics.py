from partnerkit import __version__


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"partnerkit {__version__}"

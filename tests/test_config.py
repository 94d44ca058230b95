"""Configuration: found upward, [tool.mtqa] or mtqa.toml, flags beat file beat defaults, unknown keys an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.config import find_config, load_settings, read_config
from qa.errors import ConfigError
from qa.records import Severity
from qa.settings import Settings


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# (files to write, folder to search from, expected config file or None)
FIND_CASES = [
    ({"mtqa.toml": "engine = 'none'\n"}, ".", "mtqa.toml"),
    ({"pyproject.toml": "[tool.mtqa]\nengine = 'none'\n"}, "sub/dir", "pyproject.toml"),
    ({"pyproject.toml": "[tool.black]\nline-length = 1\n"}, ".", None),
    ({"pyproject.toml": "[tool.mtqa]\n", "sub/mtqa.toml": ""}, "sub", "sub/mtqa.toml"),
    ({"mtqa.toml": "", "pyproject.toml": "[tool.mtqa]\n"}, ".", "mtqa.toml"),
    # the repository's root stops the search
    ({"mtqa.toml": "", "repo/.git/HEAD": "", "repo/src/x": ""}, "repo/src", None),
]


@pytest.mark.parametrize("files, start, expected", FIND_CASES)
def test_find_config(tmp_path, files, start, expected):
    root = tmp_path / "root"
    (root / ".git").mkdir(parents=True)
    for name, text in files.items():
        _write(root / name, text)
    (root / start).mkdir(parents=True, exist_ok=True)
    found = find_config(root / start)
    assert found == ((root / expected).resolve() if expected else None)


def test_precedence_flags_beat_file_beat_defaults(tmp_path):
    config = _write(
        tmp_path / "pyproject.toml",
        "[tool.mtqa]\nengine = 'none'\nfail-on = 'minor'\nmin-chrf = 30\nbeam_size = 4\n",
    )
    settings, file = load_settings({"fail_on": "critical", "engine": None, "beam_size": None}, cwd=tmp_path)
    assert file.path == config
    assert settings.engine == "none"  # file
    assert settings.fail_on is Severity.CRITICAL  # flag
    assert settings.min_chrf_segment == 30.0  # file, through the flag's spelling
    assert settings.beam_size == 4  # file, underscore spelling
    assert settings.max_length == Settings().max_length  # default


def test_explicit_config_path(tmp_path):
    _write(tmp_path / "mtqa.toml", "engine = 'file'\n")
    other = _write(tmp_path / "elsewhere" / "ci.toml", "engine = 'none'\n")
    settings, file = load_settings({}, config=other, cwd=tmp_path)
    assert (settings.engine, file.path) == ("none", other)


def test_missing_explicit_config(tmp_path):
    with pytest.raises(ConfigError, match="nope.toml: configuration file not found"):
        load_settings({}, config=tmp_path / "nope.toml")


UNKNOWN_KEYS = [
    ("fail-onn = 'major'", "'fail-onn'", "did you mean 'fail-on'?"),
    ("min_chfr = 20", "'min_chfr'", "did you mean 'min-chrf'?"),
    ("glosaries = []", "'glosaries'", "did you mean 'glossaries'?"),
    ("xyzzy = 1", "'xyzzy'", None),
]


@pytest.mark.parametrize("line, key, hint", UNKNOWN_KEYS)
def test_unknown_keys_are_an_error_with_the_nearest(tmp_path, line, key, hint):
    path = _write(tmp_path / "pyproject.toml", f"[tool.mtqa]\n{line}\n")
    with pytest.raises(ConfigError) as raised:
        read_config(path)
    message = str(raised.value)
    assert key in message and "[tool.mtqa]" in message and str(path) in message and "unknown key" in message
    if hint:
        assert hint in message
    else:
        assert "did you mean" not in message


def test_a_tool_mtqa_table_in_mtqa_toml_is_read(tmp_path):
    path = _write(tmp_path / "mtqa.toml", '[tool.mtqa]\nfail-on = "info"\n')
    assert read_config(path).values == {"fail_on": Severity.INFO}


BAD_VALUES = [
    ("fail-on = 'fatal'", "fail-on: must be one of info, minor, major, critical"),
    ("beam-size = 0", "beam-size: must be at least 1"),
    ("threads = -1", "threads: must be at least 0"),
    ("threads = 1.5", "threads: expected a whole number"),
    ("use-cache = 'yes'", "use-cache: expected true or false"),
    ("min-chrf = 'high'", "min-chrf: expected a number"),
    ("glossaries = [1]", "glossaries: expected a list of strings"),
    ("max-findings = {omission = -1}", "omission: expected a count of at least 0"),
    ("max-findings = ['omission']", "expected CHECK=N"),
    ("max-findings = {omision = 0}", "unknown check 'omision' (did you mean 'omission'?)"),
    ("disable = ['untranslatd']", "unknown check 'untranslatd'"),
    ("pair-pattern = '{name}.txt'", "must contain {name} and {lang}"),
    ("engine = = 1", "not valid TOML"),
]


@pytest.mark.parametrize("line, message", BAD_VALUES)
def test_bad_values_are_config_errors(tmp_path, line, message):
    path = _write(tmp_path / "mtqa.toml", line + "\n")
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_bad_flag_names_the_flag():
    with pytest.raises(ConfigError, match="--fail-on: must be one of"):
        load_settings({"fail_on": "worst"}, cwd=Path("/"))


MAX_FINDINGS = [
    ("[tool.mtqa.max-findings]\nomission = 0\nuntranslated = 3\n", {"omission": 0, "untranslated": 3}),
    ("[tool.mtqa]\nmax-findings = ['omission=0', 'addition = 2']\n", {"omission": 0, "addition": 2}),
    ("[tool.mtqa]\nmax-findings = 'omission=1'\n", {"omission": 1}),
]


@pytest.mark.parametrize("text, expected", MAX_FINDINGS)
def test_max_findings_forms(tmp_path, text, expected):
    path = _write(tmp_path / "pyproject.toml", text)
    assert read_config(path).values["max_findings"] == expected


def test_max_findings_flag():
    settings, _ = load_settings({"max_findings": ["omission=0"]}, cwd=Path("/"))
    assert settings.max_findings == {"omission": 0}


def test_paths_are_relative_to_the_file(tmp_path):
    path = _write(tmp_path / "conf" / "mtqa.toml", "glossaries = ['terms.tsv', '/abs/g.tsv']\nbaseline = 'b.json'\n")
    values = read_config(path).values
    assert values["glossaries"] == [str(tmp_path / "conf" / "terms.tsv"), "/abs/g.tsv"]
    assert values["baseline"] == str(tmp_path / "conf" / "b.json")


def test_pyproject_without_table_given_explicitly(tmp_path):
    path = _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(ConfigError, match=r"no \[tool.mtqa\] table"):
        read_config(path)


def test_no_config_gives_defaults(tmp_path):
    (tmp_path / ".git").mkdir()
    settings, file = load_settings({}, cwd=tmp_path)
    assert settings == Settings() and file.path is None


# --- each setting declared once -------------------------------------------------------------------


def test_every_setting_is_declared_with_help_and_every_flag_is_in_the_help():
    from typer.testing import CliRunner

    from qa.cli import app
    from qa.settings import declared

    texts = {c: CliRunner().invoke(app, [*c.split(), "--help"], env={"COLUMNS": "200"}).stdout for c in ("check", "batch", "baseline create")}
    for f in declared():
        assert f.metadata["help"], f.name
        flag = f.metadata["flag"]
        if flag:
            assert flag in texts["check"] or "check" not in f.metadata["commands"], (f.name, flag)
            assert flag in texts["batch"] and flag in texts["baseline create"], (f.name, flag)


def test_a_checks_own_setting_is_a_configuration_key_that_reaches_the_check(tmp_path):
    from qa.checks.base import CheckContext

    (tmp_path / "mtqa.toml").write_text("unsupported-logprob = -3.5\nunsupported_max = 1\n", encoding="utf-8")
    settings, file = load_settings({}, cwd=tmp_path)
    assert file.warnings == []
    assert settings.check_options == {"unsupported_logprob": -3.5, "unsupported_max": 1}
    ctx = CheckContext(settings=settings)
    assert ctx.option("unsupported_logprob") == -3.5 and ctx.option("unsupported_max") == 1
    assert ctx.option("unsupported_margin") == 4.0  # not configured: the declared default
    assert CheckContext(settings=Settings()).option("unsupported_logprob") == -9.0


def test_a_checks_setting_of_the_wrong_type_or_a_misspelt_one_is_an_error(tmp_path):
    (tmp_path / "mtqa.toml").write_text("unsupported-logprob = 'low'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unsupported-logprob: expected float"):
        load_settings({}, cwd=tmp_path)
    (tmp_path / "mtqa.toml").write_text("unsupported-logprb = -3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="did you mean 'unsupported-logprob'"):
        load_settings({}, cwd=tmp_path)


def test_the_configured_threshold_changes_what_unsupported_flags():
    from qa.checks import CHECKS
    from qa.checks.base import CheckContext
    from qa.records import ModelScore, Segment, Span, TokenScore

    target = "Washington links normalization"
    tokens = [TokenScore(text=w, logprob=lp, span=Span(target.index(w), target.index(w) + len(w))) for w, lp in [("Washington", -0.1), ("links", -6.0), ("normalization", -0.1)]]
    segment = Segment(id="1", source="Вашингтон увязывает нормализацию", target=target, pivot="Washington ties normalization", model=ModelScore(logprob=-2.0, tokens=tokens))
    default = CHECKS["unsupported"](segment, CheckContext(settings=Settings()))
    looser = CHECKS["unsupported"](segment, CheckContext(settings=Settings(check_options={"unsupported_logprob": -5.0, "unsupported_margin": 1.0})))
    assert default == [] and [f.target_span.text(target) for f in looser] == ["links"]

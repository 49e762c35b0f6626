"""The pytest plugin: a team's own pytest run executes its profiles' examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import EXAMPLES


@pytest.fixture
def profiles(pytester: pytest.Pytester) -> pytest.Pytester:
    text = (EXAMPLES / "photonics.icp").read_text(encoding="utf-8")
    pytester.makefile(".icp", photonics=text)
    return pytester


class TestPlugin:
    def test_examples_are_collected_one_item_each(self, profiles: pytest.Pytester) -> None:
        result = profiles.runpytest("--icp-examples", "-v", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=2)
        result.stdout.fnmatch_lines(
            [
                "*photonics.icp::Medical OEM in qualification PASSED*",
                "*photonics.icp::Custom design is ruled out PASSED*",
            ]
        )

    def test_off_unless_asked(self, profiles: pytest.Pytester) -> None:
        result = profiles.runpytest("-p", "no:cacheprovider")
        assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED

    def test_the_ini_option_turns_it_on(self, profiles: pytest.Pytester) -> None:
        profiles.makeini("[pytest]\nicp_examples = true\n")
        profiles.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=2)

    def test_a_failing_example_shows_what_went_wrong(self, profiles: pytest.Pytester) -> None:
        path = Path(profiles.path / "photonics.icp")
        path.write_text(
            path.read_text(encoding="utf-8").replace("score 85", "score 90"), encoding="utf-8"
        )
        result = profiles.runpytest("--icp-examples", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=1, failed=1)
        result.stdout.fnmatch_lines(
            [
                '*photonics.icp:53: example "Medical OEM in qualification" failed',
                "  expected score 90, got 85",
                "  got: qualified, tier A, score 85 of 120",
                "  rules behind the score:",
                "    [[]yes] nice to have 'Core application' +30 in 'Use case match'*",
            ]
        )
        assert "Traceback" not in result.stdout.str()

    def test_a_broken_profile_fails_with_its_diagnostics(self, pytester: pytest.Pytester) -> None:
        pytester.makefile(
            ".icp",
            broken='fields\n    a: one of b, c\nmust have "m": a is d\nexample "e" given a = b expect qualified\n',
        )
        result = pytester.runpytest("--icp-examples", "-p", "no:cacheprovider")
        result.assert_outcomes(failed=1)
        result.stdout.fnmatch_lines(["*broken.icp:3:21: error: unknown value 'd' for a*"])

    def test_files_without_examples_are_not_collected(self, pytester: pytest.Pytester) -> None:
        # an included fragment: it does not check on its own, and it has nothing to run
        pytester.makefile(".icp", fragment='must have "m": undeclared is yes\n')
        result = pytester.runpytest("--icp-examples", "-p", "no:cacheprovider")
        assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED

"""`icpdsl test`: runs the example blocks and explains each failure."""

from __future__ import annotations

from pathlib import Path


def broken_copy() -> None:
    text = Path("photonics.icp").read_text(encoding="utf-8")
    text = text.replace("expect qualified, tier A, score 85", "expect qualified, tier B, score 80")
    text = text.replace('expect disqualified by "Needs a fully custom design"', "expect not_a_fit")
    Path("broken.icp").write_text(text, encoding="utf-8")


class TestTestCommand:
    def test_passing_examples(self, project: Path, icpdsl) -> None:
        result = icpdsl("test", "photonics.icp", "-v")
        assert result.code == 0
        assert result.out.splitlines() == [
            "PASS photonics.icp:53: Medical OEM in qualification",
            "PASS photonics.icp:61: Custom design is ruled out",
            "2 passed, 0 failed",
        ]

    def test_failures_show_expected_got_and_the_rules_behind(self, project: Path, icpdsl) -> None:
        broken_copy()
        result = icpdsl("test", "broken.icp")
        assert result.code == 1
        out = result.out
        assert 'FAIL broken.icp:53: example "Medical OEM in qualification" failed' in out
        assert "  expected tier B, got tier A" in out
        assert "  expected score 80, got 85" in out
        assert "  got: qualified, tier A, score 85 of 120" in out
        assert "    [yes] nice to have 'Late buying stage' +25  (stage = qualification)" in out
        assert 'FAIL broken.icp:61: example "Custom design is ruled out" failed' in out
        assert (
            "expected not_a_fit, got disqualified (decided by 'Needs a fully custom design')" in out
        )
        assert (
            "    [yes] disqualify 'Needs a fully custom design'  (engagement = full_custom)" in out
        )
        assert out.splitlines()[-1] == "0 passed, 2 failed"

    def test_a_broken_profile_fails_with_its_diagnostics(self, project: Path, icpdsl) -> None:
        Path("bad.icp").write_text(
            'profile "x"\nfields\n    a: one of b, c\nmust have "m": a is d\n', encoding="utf-8"
        )
        result = icpdsl("test", "bad.icp", "photonics.icp")
        assert result.code == 1
        assert "bad.icp:4:21: error: unknown value 'd' for a" in result.out
        assert result.out.splitlines()[-1] == "2 passed, 0 failed, 1 profile with errors"

    def test_a_profile_without_examples(self, project: Path, icpdsl) -> None:
        Path("none.icp").write_text('fields\n    a: yes/no\nmust have "m": a\n', encoding="utf-8")
        result = icpdsl("test", "none.icp")
        assert (result.code, result.out) == (0, "none.icp: no examples\n0 passed, 0 failed\n")

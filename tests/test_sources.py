"""Every external address is registered, https, and listed at the foot of the page citing it."""

from __future__ import annotations

from conftest import ROOT, project_copy
import coursechecks


def test_every_external_url_is_registered_and_https(today):
    problems = coursechecks.check_sources(ROOT, today)
    assert not problems, "\n".join(map(str, problems))


def test_an_unregistered_or_http_url_fails_naming_the_file(tmp_path, today):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "reference" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [a report](https://example.org/report) and [an old page](http://example.org/).\n")
    messages = [str(p) for p in coursechecks.check_sources(copy, today) if p.path == page]
    assert any("https://example.org/report is not in docs/_data/sources.yml" in m for m in messages), messages
    assert any("http://example.org/ is not https" in m for m in messages), messages
    assert all(m.startswith(f"{page}:") for m in messages)


def test_the_strict_build_also_fails_on_an_unregistered_url(tmp_path):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "reference" / "glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[A report](https://example.org/report)\n")
    result = coursechecks.build(copy, tmp_path / "site")
    assert result.returncode != 0
    assert "reference/glossary.md cites https://example.org/report" in result.stderr + result.stdout

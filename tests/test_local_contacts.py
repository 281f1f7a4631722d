"""A school's local contacts file changes the reporting routes page; the course as shipped
carries no invented contact."""

from __future__ import annotations

import yaml

from conftest import ROOT, project_copy
import coursechecks

EXAMPLE = yaml.safe_load((ROOT / "local.example.yml").read_text(encoding="utf-8"))["extra"]["local_contacts"]


def page_text(site):
    return " ".join(coursechecks.html_of(site / "reporting-routes" / "index.html").get_text().split())


def test_the_shipped_course_has_no_local_contacts(web_site):
    text = page_text(web_site)
    assert "This copy of the course has no local contacts" in text, "docs/reporting-routes/index.md: no local contacts section"
    invented = [c[k] for c in EXAMPLE["contacts"] for k in ("name", "phone", "email") if c.get(k) and c[k] != "101" and c[k] in text]
    assert not invented, f"docs/reporting-routes/index.md shows example contacts in the default build: {invented}"


def test_a_local_file_puts_its_contacts_on_the_page(tmp_path):
    copy = project_copy(tmp_path)
    (copy / "local.yml").write_text((copy / "local.example.yml").read_text(encoding="utf-8"), encoding="utf-8")
    result = coursechecks.build(copy, tmp_path / "site", config="local.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    text = page_text(tmp_path / "site")
    for contact in EXAMPLE["contacts"]:
        for key in ("role", "name", "phone", "email"):
            if contact.get(key):
                assert contact[key] in text, f"local.example.yml: {contact[key]!r} did not reach the reporting routes page"
    assert EXAMPLE["organisation"] in text and "This copy of the course has no local contacts" not in text

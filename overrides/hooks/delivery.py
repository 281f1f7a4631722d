"""Build hook: how pages reach the reader's browser.

After each page is rendered:
  - mkdocs-quiz's inline CSS and JS (about 55 KB on every quiz page) become two cacheable files;
  - the web build gets a Content-Security-Policy that allows only the site's own origin, with
    hashes for the inline scripts that remain.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.utils import get_relative_url
from mkdocs_quiz import plugin as quiz_plugin

# mkdocs-quiz 1.7.1 builds these two strings once, at import, and pastes them into every quiz
# page. tests/test_build.py fails if a page still carries them, so an upgrade that changes them
# cannot silently undo this.
QUIZ_ASSETS = {
    "assets/vendor/mkdocs-quiz/quiz.css": (quiz_plugin.style, '<link rel="stylesheet" href="{href}">'),
    # Not deferred: run where the inline copy ran, before Material's bundle defines document$.
    # Deferred, quiz.js would also subscribe to document$ and set every quiz up twice.
    "assets/vendor/mkdocs-quiz/quiz.js": (quiz_plugin.js_script, '<script src="{href}"></script>'),
}
# The quiz form's inline handler and javascript: action would break the CSP; quiz.js already
# cancels the submit event itself.
QUIZ_FORM_INLINE = '<form action="javascript:void(0);" onsubmit="return false;">'
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.DOTALL)


def on_post_page(output, page, config):
    for target, (inline, tag) in QUIZ_ASSETS.items():
        if inline in output:
            output = output.replace(inline, tag.format(href=get_relative_url(target, page.url)))
    output = output.replace(QUIZ_FORM_INLINE, "<form>")
    if not _offline(config):
        output = output.replace("<head>", f"<head>\n    {_csp_meta(output)}", 1)
    return output


def on_post_template(output_content, template_name, config):
    """Theme pages that are not course pages (404.html) get the same policy."""
    if template_name.endswith(".html") and not _offline(config):
        output_content = output_content.replace("<head>", f"<head>\n    {_csp_meta(output_content)}", 1)
    return output_content


def _offline(config) -> bool:
    return bool(config["plugins"]["material/offline"].config.enabled)


def _csp_meta(html: str) -> str:
    """Only this site's own files may load. Inline scripts run only if their hash is listed.
    Styles may be inline: Material and the quiz set style attributes, which cannot be hashed.
    Not in the offline pack: browsers give file:// pages no 'self' to allow."""
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(html)
    })
    policy = "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(hashes),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])
    return f'<meta http-equiv="Content-Security-Policy" content="{policy}">'



# Before offline.py zips the pack (-200).
def on_post_build(config):
    site = Path(config["site_dir"])
    for target, (inline, _) in QUIZ_ASSETS.items():
        body = re.sub(r"^<(style|script)[^>]*>|</(style|script)>$", "", inline)
        (site / target).parent.mkdir(parents=True, exist_ok=True)
        (site / target).write_text(body, encoding="utf-8")
    minify(site)


def minify(site: Path) -> list[Path]:
    """The course's own scripts and styles, and the quiz assets, without their comments and spaces:
    about a third off the bytes every first view downloads. The sources in docs/assets/ keep their
    comments; Material's bundles (*.min.*) and the vendored shim are left as they are."""
    done = []
    scripts = [p for p in (site / "assets" / "javascripts").glob("*.js") if not p.name.endswith(".min.js")]
    scripts += list((site / "assets" / "vendor" / "mkdocs-quiz").glob("*.js"))
    styles = list((site / "assets" / "stylesheets").glob("course.css"))
    styles += list((site / "assets" / "vendor" / "mkdocs-quiz").glob("*.css"))
    for path, squeeze in [(p, rjsmin.jsmin) for p in scripts] + [(p, rcssmin.cssmin) for p in styles]:
        path.write_text(squeeze(path.read_text(encoding="utf-8")), encoding="utf-8")
        done.append(path)
    return done

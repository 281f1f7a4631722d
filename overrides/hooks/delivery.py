"""Build hook: how pages reach the reader's browser.

After each page is rendered:
  - mkdocs-quiz's inline CSS and JS (about 55 KB on every quiz page) become two cacheable files;
  - every page gets a Content-Security-Policy (a <meta>) that runs only the site's own script
    files and, by their hashes, the inline scripts the page itself holds: markup that reached a
    page by mistake (say a <script> or an onerror= in a school's local contacts file) does not
    run. The web build allows its own origin ('self'). The USB pack, opened from file://, also
    allows file: (browsers give a file:// page no 'self' to match) and the hash of the one inline
    script the vendored iframe-worker shim writes for offline search. The SCORM packages, which
    platforms serve over https, are made from the USB pack and rely on its 'self'.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

import rcssmin
import rjsmin
from mkdocs.exceptions import PluginError
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
# The vendored iframe-worker shim (offline search from file://) runs Material's search worker in
# a hidden frame, writing one inline script into it; the frame inherits the page's policy, so
# that script's hash goes in the USB pack's policy. Its text: the shim's own template, with two
# of its functions' source and the worker's address (Material's __config "search") filled in.
SHIM = Path("assets") / "javascripts" / "vendor" / "iframe-worker-shim.js"
SHIM_TEMPLATE = re.compile(r"<html><body><script>(postMessage=\$\{c\};importScripts=\$\{d\};.*?)<\\/script>")
WORKER = re.compile(r'"search": "([^"]+)"')


def on_post_page(output, page, config):
    for target, (inline, tag) in QUIZ_ASSETS.items():
        if inline in output:
            output = output.replace(inline, tag.format(href=get_relative_url(target, page.url)))
    output = output.replace(QUIZ_FORM_INLINE, "<form>")
    return output.replace("<head>", f"<head>\n    {_csp_meta(output, _shim_of(config))}", 1)


def on_post_template(output_content, template_name, config):
    """Theme pages that are not course pages (404.html) get the same policy."""
    if template_name.endswith(".html"):
        output_content = output_content.replace("<head>", f"<head>\n    {_csp_meta(output_content, _shim_of(config))}", 1)
    return output_content


def _shim_of(config) -> str | None:
    """The iframe-worker shim's source in the USB pack; None in the web build, which has no shim."""
    if not _offline(config):
        return None
    return _read_shim(str(Path(config["docs_dir"]) / SHIM))


@functools.lru_cache(maxsize=4)
def _read_shim(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def shim_script(shim: str, worker: str) -> str:
    """The inline script the shim writes into its frame for this worker address."""
    template = SHIM_TEMPLATE.search(shim)
    functions = {name: re.search(rf"function {name}\(.*?\)\{{", shim) for name in "cd"}
    if not template or not all(functions.values()):
        raise PluginError(f"docs/{SHIM.as_posix()}: the shim's frame script has changed; update "
                          "overrides/hooks/delivery.py (SHIM_TEMPLATE), or offline search breaks under the policy")

    def source(match: re.Match) -> str:
        depth, at = 0, match.end() - 1
        for at in range(match.end() - 1, len(shim)):
            depth += {"{": 1, "}": -1}.get(shim[at], 0)
            if depth == 0:
                break
        return shim[match.start():at + 1]

    text = template.group(1).replace("${c}", source(functions["c"])).replace("${d}", source(functions["d"]))
    return text.replace("${e}", worker)


def _offline(config) -> bool:
    return bool(config["plugins"]["material/offline"].config.enabled)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _csp_meta(html: str, shim: str | None = None) -> str:
    """Only this site's own files may load. Inline scripts run only if their hash is listed.
    Styles may be inline: Material and the quiz set style attributes, which cannot be hashed.
    With shim (the USB pack): file: is allowed beside 'self', and the shim's frame script."""
    bodies = set(INLINE_SCRIPT.findall(html))
    if shim is not None and (worker := WORKER.search(html)):
        bodies.add(shim_script(shim, worker.group(1)))
    hashes = sorted(_sha256(body) for body in bodies)
    own = "'self' file:" if shim is not None else "'self'"
    policy = "; ".join([
        f"default-src {own}",
        f"script-src {own} " + " ".join(hashes),
        f"style-src {own} 'unsafe-inline'",
        f"img-src {own} data:",
        f"font-src {own}",
        f"connect-src {own}",
        f"worker-src {own}",
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

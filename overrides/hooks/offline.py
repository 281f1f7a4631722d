"""Build hook: a lean site and a USB pack that opens from file://.

Every build leaves out what no reader's browser asks for (source maps, unused search languages).
The offline build (OFFLINE=true, make offline) also gets the vendored search shim instead of
unpkg's, loses the not-found page, and is zipped when OFFLINE_ZIP names the archive.
"""

from __future__ import annotations

import logging
import os
import zipfile
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.offline")


def _offline(config) -> bool:
    return bool(config["plugins"]["material/offline"].config.enabled)


# Before the offline plugin's on_config, which adds https://unpkg.com/iframe-worker/shim unless
# an iframe-worker polyfill is already listed. The vendored copy is needed only from file://, so
# the web build does not load it.
@event_priority(100)
def on_config(config):
    if _offline(config):
        config.extra["polyfills"] = [*config.extra.get("polyfills", []), "assets/javascripts/vendor/iframe-worker-shim.js"]
    return config


# Last of all, after the offline plugin (-100) has written search/search_index.js into the pack
# and delivery.py (0) has written the quiz assets.
@event_priority(-200)
def on_post_build(config):
    """Leave out of the site what no reader's browser asks for: source maps and the search
    language packs of languages the course does not use (about 2 MB of a 4 MB pack)."""
    site = Path(config["site_dir"])
    for source_map in site.rglob("*.map"):
        source_map.unlink()
    search = config["plugins"]["material/search"]
    keep = {f"lunr.{lang}.min.js" for lang in search.config["lang"] or ["en"]}
    keep |= {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}
    lunr = site / "assets" / "javascripts" / "lunr"
    for pack in (lunr / "min").glob("lunr.*.min.js"):
        if pack.name not in keep:
            pack.unlink()
    for segmenter in ("tinyseg.js", "wordcut.js"):  # Japanese and Thai word splitting
        (lunr / segmenter).unlink(missing_ok=True)
    if _offline(config):
        # The not-found page exists for web servers and links from the site root ("/..."), which
        # from a USB stick point at the root of the drive. Nothing serves it offline.
        (site / "404.html").unlink(missing_ok=True)
    if os.environ.get("OFFLINE_ZIP"):
        _zip_pack(site, Path(os.environ["OFFLINE_ZIP"]))


def _zip_pack(site: Path, archive: Path) -> None:
    """The USB pack as one zip: unzipped, it is a single folder whose index.html opens the course."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as pack:
        for path in sorted(site.rglob("*")):
            if path.is_file():
                pack.write(path, Path(site.name) / path.relative_to(site))
    log.info("Offline pack zipped to %s", archive)

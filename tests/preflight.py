"""Before `make test`: are the system packages the tests need installed? If not, install them
(Debian, as root, the way .ci/run does) or stop at once naming the one command to run.
A test that cannot run is a failure, never a skip: see README "Run it".

    python tests/preflight.py            # check; install when root on Debian; else name the command
    python tests/preflight.py --check    # check only
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

# What each Debian package gives the tests, found by a file or a command it installs.
NEEDS = [
    ("chromium", "file", "/usr/bin/chromium", "the browser tests (Playwright drives Debian's chromium)"),
    ("wbritish-large", "file", "/usr/share/dict/british-english-large", "the UK spelling test"),
    ("poppler-utils", "command", "pdftotext", "the print tests (pdftotext, pdfinfo)"),
    ("poppler-utils", "command", "pdfunite", "make pdf (joins the PDFs)"),
    ("nodejs", "command", "node", "the search test (runs Material's own search code)"),
    ("npm", "command", "npm", "the SCORM test (installs scorm-again, pinned in tests/scorm/)"),
]
PACKAGES = sorted({package for package, *_ in NEEDS})
COMMAND = "sudo apt-get install -y " + " ".join(PACKAGES)


def missing(root: Path = Path("/"), path: str | None = None) -> list[tuple[str, str, str]]:
    """(package, what is missing, what needs it) for each need not met. root and path let the
    self-test pretend to be a bare machine."""
    gaps = []
    for package, kind, name, why in NEEDS:
        found = (root / name.lstrip("/")).exists() if kind == "file" else shutil.which(name, path=path)
        if not found:
            gaps.append((package, name, why))
    return gaps


def install_command(packages: list[str]) -> str:
    return "sudo apt-get install -y " + " ".join(packages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; never install")
    parser.add_argument("--root", type=Path, default=Path("/"), help=argparse.SUPPRESS)
    parser.add_argument("--path", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    gaps = missing(args.root, args.path)
    if not gaps:
        return 0
    packages = sorted({package for package, _, _ in gaps})
    can_install = (not args.check and os.geteuid() == 0 and args.root == Path("/")
                   and shutil.which("apt-get") and Path("/etc/debian_version").exists())
    if can_install:
        print(f"preflight: installing {' '.join(packages)} (as .ci/run does)", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        # A failed update is reported but not final: the install may still work from the lists
        # already on the machine, and what is still missing afterwards is named below.
        for step in (["apt-get", "update", "-q"],
                     ["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages]):
            if subprocess.run(step, env=env).returncode != 0:
                print(f"preflight: '{' '.join(step)}' failed; its own messages are above", file=sys.stderr)
        gaps = missing(args.root, args.path)
        if not gaps:
            return 0
    for package, name, why in gaps:
        print(f"preflight: {name} is missing ({why}); it comes from the Debian package {package}", file=sys.stderr)
    print(f"preflight: make test stops here. Run this, then make test again:\n\n    {install_command(packages)}\n",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""Build the course with MkDocs and with ProperDocs and fail on any difference but the generator
line: keeps the move to ProperDocs one line away (README, "Moving off MkDocs and Material").

    python -m course.maintain.same_build [--mkdocs .venv/bin/mkdocs] [--properdocs .venv-properdocs/bin/properdocs]

Exit 0 when every file is identical once each page's generator line is blanked; 1 otherwise,
naming each differing file and its first differing line. .ci/run runs it (make same-build).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2"> and ProperDocs' own
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build(command: str, site: Path, offline: bool) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE_ZIP", None)
    env["OFFLINE"] = "true" if offline else "false"
    result = subprocess.run([command, "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{command} build failed:\n{result.stdout}\n{result.stderr}")


def normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix in (".html", ".xml", ".js", ".json"):
        data = GENERATOR.sub(b'<meta name="generator" content="">', data)
    return data


def generator_problems(a: Path, b: Path) -> list[str]:
    """The comparison proves something only if the two builds really came from two generators:
    a ProperDocs that quietly ran MkDocs would make them identical for the wrong reason."""
    def generator(site: Path) -> str:
        found = GENERATOR.search((site / "index.html").read_bytes()) if (site / "index.html").exists() else None
        return found.group(0).decode() if found else ""

    problems = []
    if "mkdocs-1" not in generator(a).lower():
        problems.append(f"{a / 'index.html'}: the MkDocs build's generator line is {generator(a) or 'missing'!r}")
    if "properdocs" not in generator(b).lower():
        problems.append(f"{b / 'index.html'}: the ProperDocs build's generator line is {generator(b) or 'missing'!r}; "
                        "was it built by MkDocs?")
    return problems


def compare(a: Path, b: Path) -> list[str]:
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    problems = [f"{name}: only in the MkDocs build" for name in sorted(files_a - files_b)]
    problems += [f"{name}: only in the ProperDocs build" for name in sorted(files_b - files_a)]
    for name in sorted(files_a & files_b):
        x, y = normalised(a / name), normalised(b / name)
        if x == y:
            continue
        lines_x = x.decode("utf-8", "replace").splitlines()
        lines_y = y.decode("utf-8", "replace").splitlines()
        first = next((i for i, (p, q) in enumerate(zip(lines_x, lines_y)) if p != q), min(len(lines_x), len(lines_y)))
        diff = "\n".join(list(difflib.unified_diff(lines_x, lines_y, "mkdocs", "properdocs", n=0, lineterm=""))[2:6])
        problems.append(f"{name}:{first + 1}: differs\n{diff}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mkdocs", default=str(ROOT / ".venv" / "bin" / "mkdocs"))
    parser.add_argument("--properdocs", default=str(ROOT / ".venv-properdocs" / "bin" / "properdocs"))
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="same-build-") as tmp:
        for offline in (False, True):
            kind = "offline pack" if offline else "web build"
            a, b = Path(tmp) / f"mkdocs-{kind}", Path(tmp) / f"properdocs-{kind}"
            build(args.mkdocs, a, offline)
            build(args.properdocs, b, offline)
            problems = generator_problems(a, b) + compare(a, b)
            pages = sum(1 for _ in a.rglob("*.html"))
            if problems:
                failed = True
                print(f"{kind}: {len(problems)} files differ between MkDocs and ProperDocs:", file=sys.stderr)
                print("\n".join(problems[:20]), file=sys.stderr)
            else:
                print(f"{kind}: {pages} pages, every file identical but the generator line")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""make check-external: ask every address in the sources register whether it still answers.

Needs internet, so it is not part of make test (CI has none). Run it before a release and
update each entry's `checked` date once you have confirmed the page still says what the course
says: a page that answers may still have changed.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from course import coursedata

HEADERS = {"User-Agent": "safeguarding-course-link-check"}


def status(url: str) -> str:
    for method in ("HEAD", "GET"):  # some sites refuse HEAD
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS, method=method), timeout=20) as answer:
                final = answer.geturl()
                return f"{answer.status}" + (f" -> {final}" if final.rstrip("/") != url.rstrip("/") else "")
        except urllib.error.HTTPError as error:
            if method == "GET" or error.code not in (403, 405):
                return f"{error.code} {error.reason}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return f"unreachable: {error}"
    return "unknown"


def main() -> int:
    failures = 0
    for url, entry in coursedata.load_sources().items():
        answer = status(url)
        ok = answer.startswith(("2", "3"))
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {answer:<40} {url}  (last checked {entry['checked']})")
    print(f"{failures} of {len(coursedata.load_sources())} addresses did not answer.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

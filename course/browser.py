"""Debian's chromium, as every browser run in the course starts it: the PDFs, the slides, the
benchmark and the tests. The flags are the ones this machine's closed network needs (README
"Browser tests"): without the background-networking ones chromium's own connections are refused,
many at a time. Never `playwright install`: it downloads a browser of its own."""

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

"""Screenshots of the main pages for docs/screenshots/, at 1440 and 390 px wide, with an axe check.

    .venv/bin/python bench/screenshots.py            # writes docs/screenshots/*.png, prints axe findings
    .venv/bin/python bench/screenshots.py --out /tmp/shots

A fresh SQLite database with the demo municipality (``kcc demo``) is served on loopback and
visited in Debian's Chromium (Playwright); each page's serious and critical axe violations are
printed, and the script exits with 1 when there are any.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).parent))
from _kcc import fresh_kcc

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"breed": (1440, 900), "smal": (390, 844)}


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _ThreadedServer(WSGIServer):
    """One thread per request: Chromium loads styles and scripts in parallel."""

    daemon_threads = True

    def process_request(self, request, client_address) -> None:
        threading.Thread(target=self._handle, args=(request, client_address), daemon=True).start()

    def _handle(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        finally:
            self.shutdown_request(request)


def _pages() -> list[tuple[str, str | None, str]]:
    """(file name, demo user or None for a citizen, path) of the main pages."""
    from kcc.meldingen.models import Melding

    melding = Melding.objects.order_by("pk").first()
    return [
        ("werkplek-start", "kcc", "/"),
        ("cockpit", "kcc", "/contacten/"),
        ("kennisbank", "kcc", "/kennisbank/?q=paspoort"),
        ("melding-formulier", None, "/melden/"),
        ("melding-status", None, f"/melding/{melding.number}?token={melding.token}"),
        ("managementinformatie", "teamleider", "/rapportage/"),
        ("niet-gevonden", None, "/afspraak/bestaat-niet/"),
    ]


def _session_cookie(username: str) -> str:
    from django.test import Client

    from kcc.core.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", default="", help="comma-separated page names (default: all)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with fresh_kcc("sqlite", "kcc_screenshots"):
        import axe_playwright_python
        from django.conf import settings
        from django.contrib.staticfiles.handlers import StaticFilesHandler
        from django.core.management import call_command
        from django.core.wsgi import get_wsgi_application
        from playwright.sync_api import sync_playwright

        settings.ALLOWED_HOSTS = ["*"]
        call_command("demo", verbosity=0)
        server = make_server("127.0.0.1", 0, StaticFilesHandler(get_wsgi_application()),
                             server_class=_ThreadedServer, handler_class=_Quiet)  # fmt: skip
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        axe = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()
        # The database is asked before Playwright starts: its event loop makes the ORM refuse.
        pages = [(name, username and _session_cookie(username), path) for name, username, path in _pages()]
        pages = [page for page in pages if not args.only or page[0] in args.only.split(",")]
        findings = 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
            for name, session, path in pages:
                for width_name, (width, height) in WIDTHS.items():
                    viewport = {"width": width, "height": height}
                    context = browser.new_context(base_url=base, locale="nl-NL", viewport=viewport)
                    if session:
                        context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                    context.add_init_script(script=axe)  # init scripts pass the Content-Security-Policy
                    page = context.new_page()
                    page.goto(path)
                    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
                    for violation in bad:
                        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                        print(f"axe {violation['impact']} {violation['id']} on {name} ({width}px): {targets}")
                    findings += len(bad)
                    page.screenshot(path=str(out / f"{name}-{width_name}.png"))
                    context.close()
            browser.close()
        server.shutdown()
        print(json.dumps({"pages": len(pages), "widths": list(WIDTHS), "axe_serious_or_critical": findings}))
        return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())

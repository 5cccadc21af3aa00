"""listmonk sends our campaigns as the standalone emails look (issue 27.1). Each campaign
is rendered the way listmonk renders it: tests/listmonk_render/main.go replays
models/campaigns.go CompileTemplate and manager.TemplateFuncs (knadh/listmonk at
911e0b77) with Go's own html/template, then Chromium lays the result out at 375 and
600 px, in both palettes, beside the standalone email."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from coursekit.core import email_names as names
from coursekit.core.loader import load_course
from coursekit.outputs.emails.sequence import build_sequence
from helpers import GARDEN, ROOT

COURSE = load_course(GARDEN)
SEQUENCE = build_sequence(COURSE, 1764000000)
TEMPLATE = json.loads(SEQUENCE.files[names.LISTMONK_TEMPLATE])
CAMPAIGNS = json.loads(SEQUENCE.files[names.LISTMONK_EXPORT])
UNSUBSCRIBE = "https://listmonk.test/subscription/c0ffee00/5ub5c71b"

# The rules of listmonk's default campaign template (static/email-templates/default.tpl)
# that reach into a campaign's content: element rules and the classes it styles.
LISTMONK_DEFAULT = """<!doctype html><html><head><title>{{ .Campaign.Subject }}</title><style>
body { background-color: #F0F1F3; font-family: 'Helvetica Neue', 'Segoe UI', Helvetica, sans-serif;
  font-size: 15px; line-height: 26px; margin: 0; color: #444; }
table { width: 100%; border: 1px solid #ddd; }
table td { border-color: #ddd; padding: 5px; }
.wrap { background-color: #fff; padding: 30px; max-width: 525px; margin: 0 auto; border-radius: 5px; }
.button { background: #0055d4; border-radius: 3px; text-decoration: none !important; color: #fff !important;
  font-weight: bold; padding: 10px 30px; display: inline-block; }
.footer { text-align: center; font-size: 12px; color: #888; }
.gutter { padding: 30px; }
a { color: #0055d4; }
</style></head><body><div class="gutter">&nbsp;</div>
<div class="wrap">{{ template "content" . }}</div>
<div class="footer"><p><a href="{{ UnsubscribeURL }}">{{ L.T "email.unsub" }}</a></p></div>
<div class="gutter">&nbsp;{{ TrackView }}</div></body></html>"""


@pytest.fixture(scope="module")
def listmonk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The replay of listmonk's rendering, built with Debian's Go (golang-go)."""
    go = shutil.which("go")
    if go is None:
        pytest.fail("Go is needed to render campaigns as listmonk does: apt-get install golang-go")
    binary = tmp_path_factory.mktemp("listmonk") / "render"
    home = tmp_path_factory.mktemp("gocache")
    subprocess.run(
        [go, "build", "-o", str(binary), str(ROOT / "tests" / "listmonk_render" / "main.go")],
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "GOCACHE": str(home / "cache"), "GO111MODULE": "off"},
    )
    return binary


def render(listmonk: Path, template: str, campaign: dict) -> str:
    request = {"template": template, "body": campaign["body"], "subject": campaign["subject"], "unsubscribe": UNSUBSCRIBE}
    result = subprocess.run([str(listmonk)], input=json.dumps(request), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_listmonk_accepts_our_template_and_keeps_what_the_email_needs(listmonk: Path):
    """cmd/templates.go validateTemplate: a campaign template holds {{ template "content" . }}.
    Rendered: no template syntax left, Outlook's conditional blocks kept (Safe), the
    subscriber's own unsubscribe link, why they get it and the postal address."""
    assert TEMPLATE["type"] == "campaign" and 1 <= len(TEMPLATE["name"]) <= 200
    assert re.search(r'{{(\s+)?template\s+?"content"(\s+)?\.(\s+)?}}', TEMPLATE["body"])
    for campaign in CAMPAIGNS:
        html = render(listmonk, TEMPLATE["body"], campaign)
        assert "{{" not in html and "}}" not in html
        assert html.count("<!--[if mso]>") == 2 and "<![endif]-->" in html
        assert f'href="{UNSUBSCRIBE}"' in html
        assert COURSE.meta.email.reason in html and COURSE.meta.email.postal_address in html
        assert f"<title>{campaign['subject']}</title>" in html


def layout(page: Page, html: str) -> dict:
    page.set_content(html)
    return page.evaluate(
        """() => {
        const box = el => { const r = el.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.width)]; };
        const style = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
        return {
          card: box(document.querySelector('h1').closest('td, .wrap')),
          text: box(document.querySelector('h1')),
          title: style('h1', 'fontSize'),
          cta: [style('.cta', 'backgroundColor'), style('.button-cell', 'backgroundColor'), style('.cta', 'color')],
          tableBorders: [...document.querySelectorAll('h1 ~ table, h1 ~ table td')].map(t => getComputedStyle(t).borderTopWidth),
          buttonWidth: box(document.querySelector('.cta'))[1],
          next: style('.next', 'backgroundColor'),
          scroll: document.documentElement.scrollWidth,
        };
      }"""
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 600])
def test_with_our_template_a_campaign_looks_as_the_standalone_email(browser: Browser, listmonk: Path, width: int, scheme: str):
    page = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme).new_page()
    for draft, campaign in zip(SEQUENCE.drafts[:: len(SEQUENCE.drafts) - 1], CAMPAIGNS[:: len(CAMPAIGNS) - 1], strict=True):
        standalone = SEQUENCE.files[f"{draft.file_stem}.html"].decode("utf-8")
        sent = render(listmonk, TEMPLATE["body"], campaign)
        expected, got = layout(page, standalone), layout(page, sent)
        assert got == expected, (draft.file_stem, width, scheme)
        assert got["scroll"] <= width and got["text"][1] >= width - 100  # a full-width column, not a card in a card
        # The card itself, pixel for pixel.
        page.set_content(standalone)
        alone = page.locator("td.card").screenshot()
        page.set_content(sent)
        assert page.locator("td.card").screenshot() == alone, (draft.file_stem, width, scheme)


def test_with_listmonks_default_template_none_of_its_styles_hits_the_content(browser: Browser, listmonk: Path):
    """Without template_id listmonk wraps the body in its default template: no bordered
    tables, no full-width two-tone button, no class of ours that it styles."""
    page = browser.new_context(viewport={"width": 375, "height": 900}).new_page()
    for campaign in CAMPAIGNS:
        classes = set(re.findall(r'class="([^"]+)"', campaign["body"]))
        assert not classes & {"wrap", "button", "footer", "gutter", "header", "unsub"}, classes
        html = render(listmonk, LISTMONK_DEFAULT, campaign)
        got = layout(page, html)
        assert set(got["tableBorders"]) == {"0px"}
        assert got["cta"][0] in ("rgba(0, 0, 0, 0)", got["cta"][1]) and got["cta"][2] == "rgb(255, 255, 255)"
        assert got["buttonWidth"] < 375 - 2 * 30 - 20  # its own width, not the column's
        assert got["scroll"] <= 375

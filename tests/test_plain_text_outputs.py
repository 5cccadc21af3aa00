"""Plain text stays plain in every file another program reads: email headers and
bodies, the Kit and listmonk exports (both services run bodies as templates), the
chart PDF and CSV, sequence.json and the search index."""

from __future__ import annotations

import csv
import email.policy
import io
import json
import re
from email.parser import BytesParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from hostile_course import FORMULAS, HOSTILE, SHORT_FIELDS, variant


@pytest.fixture
def site(hostile_site: Path) -> Path:
    return hostile_site


def test_email_headers_parse_back_to_the_text(site: Path):
    """RFC 5322 and RFC 2047: a parser (Python's email package, policy=default) must
    read back exactly the subject and sender name that were written."""
    message = BytesParser(policy=email.policy.default).parsebytes((site / "emails/01-first-steps.eml").read_bytes())
    assert message["Subject"] == variant("subject 01")
    assert message["From"].addresses[0].display_name == variant("from_name")
    assert message["From"].addresses[0].addr_spec == "course@tests.example.org"
    assert len(message["From"].addresses) == 1 and message["To"] is None and message["Bcc"] is None
    text = message.get_body(("plain",)).get_content()
    assert variant("lesson 01 title") in text and variant("takeaway 01") in text and variant("reason") in text
    html = message.get_body(("html",)).get_content()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert 'href="https://mail.tests.example.org/unsubscribe?list=1&amp;user=2"' in html


def test_kit_export_keeps_course_text_out_of_liquid(site: Path):
    """Kit renders subject, preview text and content as Liquid
    (https://help.kit.com/en/articles/4806009-liquid-basics): course text may not
    open a tag; every '{{' of it is inside raw tags."""
    bodies = json.loads((site / "emails/kit-sequence-emails.json").read_text())
    for body in bodies:
        for field in ("subject", "preview_text", "content"):
            live = re.sub(r"\{% raw %\}.*?\{% endraw %\}", "", body[field])
            assert re.findall(r"\{\{.*?\}\}|\{%.*?%\}", live) == []
    assert bodies[0]["subject"] == variant("subject 01").replace("{{", "{% raw %}{{{% endraw %}")


def test_listmonk_export_keeps_course_text_out_of_go_templates(site: Path):
    """listmonk compiles subject, body and altbody as Go templates
    (https://listmonk.app/docs/templating/): '{{' in course text is written as the
    string constant {{"{{"}}; the altbody's unsubscribe tag stays live; from_email is
    one RFC 5322 address whose display name is quoted."""
    bodies = json.loads((site / "emails/listmonk-campaigns.json").read_text())
    for body in bodies:
        for field in ("subject", "body", "altbody"):
            live = body[field].replace('{{"{{"}}', "")
            assert re.findall(r"\{\{.*?\}\}", live) == ([] if field != "altbody" else ["{{ UnsubscribeURL }}"])
    sender = email.headerregistry.Address
    parsed = email.policy.default.header_factory("From", bodies[0]["from_email"])
    assert parsed.addresses[0].display_name == variant("from_name")
    assert isinstance(parsed.addresses[0], sender) and len(parsed.addresses) == 1


def test_sequence_json_and_search_index_hold_the_text(site: Path):
    sequence = json.loads((site / "emails/sequence.json").read_text())
    assert sequence["title"] == variant("title") and sequence["emails"][0]["subject"] == variant("subject 01")
    index = json.loads((site / "search/search_index.json").read_text())
    titles = {doc["title"] for doc in index["docs"]}
    # Material's search shows titles as HTML: they are stored escaped, exactly once.
    escaped = variant("lesson 01 title").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert any(title.replace("&#34;", '"').replace("&#39;", "'") == escaped for title in titles)


def test_chart_pdf_shows_the_text(site: Path):
    reader = PdfReader(next((site / "downloads").glob("*.pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for field in ("dimension", "instead", "rated"):
        assert " ".join(variant(field).split()) in text, field
    for short in (SHORT_FIELDS["chart title"], SHORT_FIELDS["instead heading"], SHORT_FIELDS["rated heading"]):
        assert " ".join(short.split()) in text, short
    assert reader.metadata.author == variant("organisation")


def test_chart_csv_keeps_formulas_as_text(site: Path):
    """OWASP "CSV Injection": a cell starting with = + - @ tab or CR gets a leading apostrophe."""
    rows = list(csv.reader(io.StringIO(next((site / "downloads").glob("*.csv")).read_text(encoding="utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULAS["rated"] in cells and "'" + FORMULAS["instead"] in cells
    assert "'" + FORMULAS["dimension"] in cells and variant("rated") in cells
    assert rows[0][2:4] == [SHORT_FIELDS["instead heading"], SHORT_FIELDS["rated heading"]]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_every_html_file_holds_the_hostile_text_only_escaped(site: Path):
    """No page or email of the site contains a raw tag from a field (a cheap check of
    every file; the browser tests prove nothing runs)."""
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html, path
    assert HOSTILE  # the fixture really is hostile


def test_link_previews_and_the_manifest_carry_the_text_as_typed(site: Path):
    """Open Graph and Twitter Card tags are HTML attributes (https://ogp.me/): the
    parsed value is exactly the course text, nothing closes the attribute or the tag.
    The web app manifest is JSON: parsed back, name and description are the text."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "lessons/first-steps/index.html").read_text(encoding="utf-8"), "html.parser")
    head = soup.head
    assert head.find("meta", property="og:title")["content"] == variant("lesson 01 title")
    assert head.find("meta", property="og:description")["content"] == variant("summary 01")
    assert head.find("meta", attrs={"name": "twitter:title"})["content"] == variant("lesson 01 title")
    assert head.find("meta", property="og:site_name")["content"] == variant("title")
    alt = head.find("meta", property="og:image:alt")["content"]
    assert variant("lesson 01 title").rstrip(".") in alt and variant("organisation") in alt
    assert not head.find("img") and not head.find("script", string=re.compile("alert"))
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").head
    assert home.find("meta", property="og:title")["content"] == variant("title")
    assert home.find("meta", property="og:description")["content"] == variant("tagline")
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert (manifest["name"], manifest["description"]) == (variant("title"), variant("tagline"))
    assert "alert" not in (site / "sw.js").read_text(encoding="utf-8")

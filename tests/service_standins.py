"""Local stand-ins for Kit's and listmonk's APIs on 127.0.0.1, applying each service's
documented checks to what `coursekit emails push` sends, and keeping what it made.

- Kit, API v4 (developers.kit.com, "Create a sequence email", "Update a sequence
  email", "List sequence emails"): X-Kit-Api-Key; subject, delay_value and delay_unit
  required; delay_unit days or hours; only the first email may have delay 0; new
  emails are drafts (published false); cursor pagination.
- listmonk (knadh/listmonk 911e0b77: cmd/handlers.go routes, cmd/templates.go
  validateTemplate, cmd/campaigns.go validateCampaignFields and canEditCampaign,
  internal/core/campaigns.go UpdateCampaignStatus): "Authorization: token user:token";
  a campaign template holds {{ template "content" . }}; a campaign needs a name
  (1-2000), a subject (1-5000), a valid from_email, list ids, a send_at in the future,
  an existing template; only drafts, paused and scheduled campaigns are edited; only a
  draft with a send_at is scheduled.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

KIT_KEY = "kit-test-key"
LISTMONK_AUTH = "token course-kit:listmonk-test-token"
TEMPLATE_TAG = re.compile(r'{{(\s+)?template\s+?"content"(\s+)?\.(\s+)?}}')
FROM_ADDRESS = re.compile(r"((.+?)\s)?<(.+?)@(.+?)>")


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class Service:
    """What one stand-in holds, and every request it was sent."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, Any]] = []
        self.lock = threading.Lock()

    def handle(self, method: str, path: str, query: dict[str, list[str]], headers: Any, body: Any) -> tuple[int, Any]:
        raise NotImplementedError


class Kit(Service):
    PAGE = 4  # small pages, so the client's cursor loop is exercised

    def __init__(self, sequence_id: int = 42) -> None:
        super().__init__()
        self.sequence_id = sequence_id
        self.emails: dict[int, dict[str, Any]] = {}
        self.next_id = 1000

    def handle(self, method, path, query, headers, body):
        if headers.get("X-Kit-Api-Key") != KIT_KEY:
            raise Refused(401, json.dumps({"errors": ["The access token is invalid"]}))
        match = re.fullmatch(r"/v4/sequences/(\d+)/emails(?:/(\d+))?", path)
        if not match or int(match[1]) != self.sequence_id:
            raise Refused(404, json.dumps({"errors": ["Not Found"]}))
        email_id = int(match[2]) if match[2] else None
        if method == "GET" and email_id is None:
            ordered = sorted(self.emails.values(), key=lambda e: e["id"])
            start = int(query.get("after", ["0"])[0] or 0)
            page = [e for e in ordered if e["id"] > start][: self.PAGE]
            more = bool(page) and any(e["id"] > page[-1]["id"] for e in ordered)
            cursor = str(page[-1]["id"]) if page else None
            return 200, {"emails": page, "pagination": {"has_next_page": more, "end_cursor": cursor, "per_page": self.PAGE}}
        if method == "POST" and email_id is None:
            email = self._checked({"published": False}, body, creating=True)
            email["id"] = self.next_id
            self.next_id += 1
            self.emails[email["id"]] = email
            return 201, {"email": email}
        if method == "PUT" and email_id in self.emails:
            self.emails[email_id] = self._checked(dict(self.emails[email_id]), body, creating=False)
            return 200, {"email": self.emails[email_id]}
        raise Refused(404, json.dumps({"errors": ["Not Found"]}))

    def _checked(self, email: dict[str, Any], body: dict[str, Any], creating: bool) -> dict[str, Any]:
        errors = []
        if creating:
            errors += [f"{f} can't be blank" for f in ("subject", "delay_value", "delay_unit") if body.get(f) in (None, "")]
        email.update(body)
        if email.get("delay_unit") not in ("days", "hours"):
            errors.append("delay_unit must be days or hours")
        if not isinstance(email.get("delay_value"), int) or email["delay_value"] < 0:
            errors.append("delay_value must be a whole number")
        elif email["delay_value"] == 0 and email.get("position", 0) != 0:
            errors.append("only the first email in a sequence can be sent immediately")
        if not isinstance(email.get("published"), bool):
            errors.append("published must be true or false")
        if errors:
            raise Refused(422, json.dumps({"errors": errors}))
        return email


class Listmonk(Service):
    def __init__(self) -> None:
        super().__init__()
        self.templates: dict[int, dict[str, Any]] = {
            1: {"id": 1, "name": "Default campaign template", "type": "campaign", "body": ""}
        }
        self.campaigns: dict[int, dict[str, Any]] = {}
        self.lists = {1, 2, 3}
        self.next_id = 10

    def handle(self, method, path, query, headers, body):
        if headers.get("Authorization") != LISTMONK_AUTH:
            raise Refused(403, json.dumps({"message": "invalid API credentials"}))
        if path == "/api/templates" and method == "GET":
            return 200, {"data": list(self.templates.values())}
        if path == "/api/templates" and method == "POST":
            return 200, {"data": self._template(self._new_id(), body)}
        if (m := re.fullmatch(r"/api/templates/(\d+)", path)) and method == "PUT" and int(m[1]) in self.templates:
            return 200, {"data": self._template(int(m[1]), body)}
        if path == "/api/campaigns" and method == "GET":
            tags = query.get("tag", [])
            found = [c for c in self.campaigns.values() if not tags or set(tags) & set(c["tags"])]
            return 200, {"data": {"results": found, "total": len(found), "per_page": len(found), "page": 1}}
        if path == "/api/campaigns" and method == "POST":
            campaign = self._campaign({"id": self._new_id(), "status": "draft"}, body)
            self.campaigns[campaign["id"]] = campaign
            return 200, {"data": campaign}
        if (m := re.fullmatch(r"/api/campaigns/(\d+)(/status)?", path)) and method == "PUT" and int(m[1]) in self.campaigns:
            campaign = self.campaigns[int(m[1])]
            if m[2]:
                return 200, {"data": self._status(campaign, body.get("status"))}
            if campaign["status"] not in ("draft", "paused", "scheduled"):
                raise Refused(400, json.dumps({"message": "Cannot update a running or finished campaign."}))
            self.campaigns[campaign["id"]] = self._campaign(dict(campaign), body)
            return 200, {"data": self.campaigns[campaign["id"]]}
        raise Refused(404, json.dumps({"message": "Not found"}))

    def _new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def _template(self, template_id: int, body: dict[str, Any]) -> dict[str, Any]:
        if not 1 <= len(body.get("name", "")) <= 2000:
            raise Refused(400, json.dumps({"message": "Invalid name."}))
        if body.get("type") not in ("campaign", "campaign_visual", "tx"):
            raise Refused(400, json.dumps({"message": "Invalid type."}))
        if body["type"] == "campaign" and not TEMPLATE_TAG.search(body.get("body", "")):
            raise Refused(
                400, json.dumps({"message": 'The placeholder {{ template "content" . }} should appear in the template.'})
            )
        template = {**body, "id": template_id}
        self.templates[template_id] = template
        return template

    def _campaign(self, campaign: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        def refuse(message: str) -> Refused:
            return Refused(400, json.dumps({"message": message}))

        if body.get("from_email") and not FROM_ADDRESS.search(body["from_email"]):
            raise refuse("Invalid from_email.")
        if not 1 <= len(body.get("name", "")) <= 2000:
            raise refuse("Invalid name.")
        if not 1 <= len(body.get("subject", "")) <= 5000:
            raise refuse("Invalid subject.")
        if body.get("send_at"):
            when = datetime.datetime.fromisoformat(body["send_at"].replace("Z", "+00:00"))
            if when <= datetime.datetime.now(datetime.UTC):
                raise refuse("Scheduled date should be in the future.")
        if not body.get("lists") or not set(body["lists"]) <= self.lists:
            raise refuse("Invalid lists.")
        if body.get("messenger", "email") != "email":
            raise refuse("Unknown messenger.")
        template = self.templates.get(body.get("template_id") or 1)
        if template is None or template["type"] != "campaign":
            raise refuse("Unknown template.")
        return {**campaign, **body, "tags": body.get("tags", []), "send_at": body.get("send_at")}

    def _status(self, campaign: dict[str, Any], status: str | None) -> dict[str, Any]:
        if status == "scheduled":
            if campaign["status"] not in ("draft", "paused"):
                raise Refused(400, json.dumps({"message": "Only draft campaigns can be scheduled."}))
            if not campaign.get("send_at"):
                raise Refused(400, json.dumps({"message": "Campaign needs a date to be scheduled."}))
        campaign["status"] = status
        return campaign


@contextmanager
def serving(service: Service) -> Iterator[str]:
    """Serve `service` on 127.0.0.1 until the block ends; yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            with service.lock:
                service.requests.append((self.command, self.path, body))
                try:
                    status, data = service.handle(self.command, parts.path, parse_qs(parts.query), self.headers, body)
                    payload = json.dumps(data).encode()
                except Refused as refused:
                    status, payload = refused.status, str(refused).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = _answer  # noqa: N815 - http.server's names

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()

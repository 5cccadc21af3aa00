"""Loading the email course into Kit or listmonk through their documented APIs, the
same bodies as the exported files: `coursekit emails push kit|listmonk`.

Idempotent: a run first reads what the service holds and updates it (Kit's sequence
emails by position, listmonk's template by name and campaigns by name), so a second
run updates and never duplicates. `dry_run` sends nothing and reads nothing: it says
each request a first run would make.

- Kit (API v4, https://developers.kit.com): GET, POST and PUT
  /v4/sequences/{id}/emails[/{email_id}], header X-Kit-Api-Key. Emails stay drafts
  unless `publish`; activating the sequence is left to Kit's screen.
- listmonk (cmd/handlers.go): /api/templates and /api/campaigns, header
  "Authorization: token USER:TOKEN". Campaigns with a send_at are scheduled
  (PUT /api/campaigns/{id}/status); a campaign already running or finished is left
  as it is.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from coursekit.core import email_names as names
from coursekit.core.model import Course

KIT_API = "https://api.kit.com"
LISTMONK_EDITABLE = ("draft", "paused", "scheduled")  # cmd/campaigns.go canEditCampaign


class PushError(Exception):
    """A service refused a request, or could not be reached: said in its own words."""


@dataclass
class Api:
    """JSON over HTTP(S) to one service; with `dry_run`, nothing leaves: each write is
    said and each read answers as an empty account would."""

    base: str
    headers: Mapping[str, str]
    dry_run: bool = False
    say: Callable[[str], None] = print
    timeout: float = 30

    def call(self, method: str, path: str, body: object = None, empty: object = None) -> Any:
        if self.dry_run:
            if method != "GET":
                shown = "" if body is None else " " + _summary(body)
                self.say(f"would {method} {self.base}{path}{shown}")
            return empty
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={**self.headers, "Accept": "application/json", **({"Content-Type": "application/json"} if data else {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as err:
            said = err.read().decode("utf-8", "replace")[:500]
            raise PushError(f"{method} {path}: HTTP {err.code}: {_message(said)}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise PushError(f"could not reach {self.base}: {reason}") from None
        return json.loads(raw) if raw else None


def push_kit(files: Mapping[str, bytes], api: Api, sequence_id: int, publish: bool) -> list[str]:
    """Create or update each email of Kit sequence `sequence_id`; what was done, a line each."""
    emails = json.loads(files[names.KIT_EXPORT])
    existing: dict[int, int] = {}
    after = None
    while True:  # cursor pagination (API v4)
        query = "?per_page=100" + (f"&after={after}" if after else "")
        page = api.call("GET", f"/v4/sequences/{sequence_id}/emails{query}", empty={"emails": [], "pagination": {}})
        existing.update({email["position"]: email["id"] for email in page.get("emails", [])})
        pagination = page.get("pagination") or {}
        if not pagination.get("has_next_page"):
            break
        after = pagination.get("end_cursor")
    done = []
    for body in emails:
        position = body["position"]
        if publish:
            body["published"] = True
        if position in existing:
            if not publish:
                del body["published"]  # an update leaves the email as published or unpublished as it is
            api.call("PUT", f"/v4/sequences/{sequence_id}/emails/{existing[position]}", body)
            done.append(f"updated email {position + 1}: {body['subject']}")
        else:
            api.call("POST", f"/v4/sequences/{sequence_id}/emails", body)
            done.append(f"created email {position + 1}: {body['subject']}")
    extra = sorted(p for p in existing if p >= len(emails))
    if extra:
        positions = ", ".join(str(p + 1) for p in extra)
        done.append(
            f"the sequence has {len(extra)} more email(s) after the course's last (positions {positions}): "
            "left as they are; delete them in Kit if the course no longer has them"
        )
    return done


def push_listmonk(course: Course, files: Mapping[str, bytes], api: Api) -> list[str]:
    """Create or update our campaign template and every campaign, pointing the campaigns at
    the template; schedule those with a send_at. What was done, a line each."""
    template = json.loads(files[names.LISTMONK_TEMPLATE])
    campaigns = json.loads(files[names.LISTMONK_EXPORT])
    done = []
    templates = api.call("GET", "/api/templates?no_body=true", empty={"data": []})["data"]
    ours = next((t for t in templates if t["name"] == template["name"]), None)
    if ours is not None:
        api.call("PUT", f"/api/templates/{ours['id']}", template)
        template_id = ours["id"]
        done.append(f"updated the campaign template '{template['name']}' (id {template_id})")
    else:
        created = api.call("POST", "/api/templates", template, empty={"data": {"id": 0}})
        template_id = created["data"]["id"]
        done.append(f"created the campaign template '{template['name']}'" + (f" (id {template_id})" if template_id else ""))
    found = api.call("GET", f"/api/campaigns?per_page=all&no_body=true&tag={course.meta.id}", empty={"data": {"results": []}})[
        "data"
    ]["results"]
    by_name = {c["name"]: c for c in found}
    for body in campaigns:
        body["template_id"] = template_id
        current = by_name.get(body["name"])
        if current is not None and current["status"] not in LISTMONK_EDITABLE:
            done.append(f"left '{body['name']}' as it is: it is {current['status']}, and listmonk edits only drafts")
            continue
        if current is not None:
            api.call("PUT", f"/api/campaigns/{current['id']}", body)
            campaign_id, status = current["id"], current["status"]
            done.append(f"updated '{body['name']}'")
        else:
            created = api.call("POST", "/api/campaigns", body, empty={"data": {"id": 0, "status": "draft"}})
            campaign_id, status = created["data"]["id"], created["data"]["status"]
            done.append(f"created '{body['name']}'")
        if "send_at" in body and status != "scheduled":
            api.call("PUT", f"/api/campaigns/{campaign_id}/status", {"status": "scheduled"})
            done[-1] += f", scheduled for {body['send_at']}"
    return done


def _summary(body: object) -> str:
    """A request body as the dry run says it: long strings cut, so the line stays readable."""

    def cut(value: object) -> object:
        if isinstance(value, str) and len(value) > 60:
            return value[:57] + f"... ({len(value):,} characters)"
        if isinstance(value, dict):
            return {k: cut(v) for k, v in value.items()}
        if isinstance(value, list):
            return [cut(v) for v in value]
        return value

    return json.dumps(cut(body), ensure_ascii=False)


def _message(said: str) -> str:
    """The service's own message from an error body (listmonk: {"message"}, Kit: {"errors"})."""
    try:
        data = json.loads(said)
    except ValueError:
        return said.strip() or "no message"
    if isinstance(data, dict):
        if isinstance(data.get("message"), str):
            return str(data["message"])
        if isinstance(data.get("errors"), list):
            return "; ".join(map(str, data["errors"]))
    return said.strip()

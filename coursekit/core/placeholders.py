"""Settings that still hold the template's example values when the course is built for
a real address: the sender addresses in course.yml (example domains, RFC 2606 and
RFC 6761) and the example site address. Each is a warning with the line to change."""

from __future__ import annotations

from urllib.parse import urlsplit

from coursekit.core.errors import CourseError
from coursekit.core.schema import CourseConfig
from coursekit.core.sources import YamlDoc

RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".example.com", ".example.org", ".example.net")
RESERVED_NAMES = ("example", "example.com", "example.org", "example.net", "example.github.io")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def is_placeholder_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return host in RESERVED_NAMES or host.endswith(RESERVED_SUFFIXES)


def placeholder_warnings(meta: CourseConfig, doc: YamlDoc, where: str) -> list[str]:
    """Warnings for example values, when the site is built for a non-local address."""
    host = (urlsplit(meta.site_url).hostname or "").lower()
    if host in LOCAL_HOSTS or host.endswith(".localhost"):
        return []
    warnings = []
    if is_placeholder_host(host):
        warnings.append(
            f"{where}:{doc.line_of('site_url')}: field 'site_url': {meta.site_url} is the template's example address. "
            "Fix: the Pages workflow sets the real one by itself; for other hosts, write your site's address here"
        )
    unsubscribe = ("email.list_unsubscribe.mailto", meta.email.list_unsubscribe.mailto)
    for field, address in _on_example_domains([*_senders(meta), unsubscribe]):
        line = doc.line_of(*field.split("."))
        warnings.append(
            f"{where}:{line}: field '{field}': {address} is an example address, while the site is built for "
            f"{meta.site_url}. Fix: write your real address here before sending the emails"
        )
    return warnings


def example_senders(meta: CourseConfig, doc: YamlDoc, where: str) -> list[CourseError]:
    """The sender addresses (From, Reply-To) on a reserved example domain: a real server
    would deliver mail that no one can answer, or that receivers mark as spam."""
    return [
        CourseError(
            where,
            f"{address} is on a reserved example domain (RFC 2606), so a real server would send mail no one can answer",
            "write your real address here; to try the emails without it, send to a test server on this machine "
            "(--smtp 127.0.0.1:PORT)",
            line=doc.line_of(*field.split(".")),
            field=field,
        )
        for field, address in _on_example_domains(_senders(meta))
    ]


def _senders(meta: CourseConfig) -> list[tuple[str, str | None]]:
    """The sender's addresses by field: From and Reply-To."""
    return [("email.from_address", meta.email.from_address), ("email.reply_to", meta.email.reply_to)]


def _on_example_domains(addresses: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """The (field, address) pairs whose address is on a reserved example domain."""
    return [(field, address) for field, address in addresses if address and is_placeholder_host(address.rsplit("@", 1)[1])]

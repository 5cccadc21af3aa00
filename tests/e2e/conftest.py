"""Browser fixtures: Debian's Chromium under Playwright, and the built site served
the way GitHub Pages serves it, under a sub-path on 127.0.0.1 (coursekit.review.local_site)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coursekit.review.local_site import CHROMIUM, CHROMIUM_ARGS, served_site


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed for the browser tests and is not at {CHROMIUM}: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def site_root(built_site: Path) -> Iterator[str]:
    """The built fixture course at http://127.0.0.1:PORT/kitchen-garden/ (trailing slash included)."""
    with served_site(built_site) as root:
        yield root


@pytest.fixture
def outside_requests(page) -> list[str]:
    """Every request the page makes to anything but the local server, as it happens."""
    found: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(("http://127.0.0.1:", "data:", "blob:")) else found.append(request.url),
    )
    return found


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder drives Chromium: marked `browser`, so that the fast tier
    (`./course test --fast`) leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)

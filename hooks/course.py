"""The course's MkDocs hooks, as mkdocs.yml names them (`hooks: - hooks/course.py`).

Every event is handled by the course kit (coursekit.plugin.mkdocs_hooks), so a later kit
(`./course upgrade`) brings its changes without touching this file. Hooks of your
own can go below: MkDocs calls each function named for an event once per event.
"""

from coursekit.plugin.mkdocs_hooks import *  # noqa: F403 - the kit's on_* event handlers

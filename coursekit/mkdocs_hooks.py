"""The kit's MkDocs hooks under the name a course's hooks/course.py from kit 0.2 imports
(`from coursekit.mkdocs_hooks import *`): `./course upgrade` keeps a course's own
hooks/course.py, so this name stays. The handlers live in coursekit.plugin.mkdocs_hooks."""

from coursekit.plugin.mkdocs_hooks import *  # noqa: F403
from coursekit.plugin.mkdocs_hooks import __all__  # noqa: F401

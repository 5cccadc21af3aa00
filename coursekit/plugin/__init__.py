"""The MkDocs adapter: the hooks MkDocs calls, and the build they drive, turning the course into pages."""

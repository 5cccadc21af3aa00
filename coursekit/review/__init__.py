"""The built site checked in Chromium, as `coursekit verify` (the pull-request check) runs it."""

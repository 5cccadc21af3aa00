"""The course itself, with no web engine: loading and validating the course files into the model, its rules,
addresses and messages. Nothing here imports MkDocs (tests/test_public_api.py holds it so)."""

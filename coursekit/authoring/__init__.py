"""What the kit does to an author's own files when asked (./course rename)."""

"""Course kit: one validated course model, many outputs (site pages, chart, emails)."""

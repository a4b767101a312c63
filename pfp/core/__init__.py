"""Shared helpers with no knowledge of any app: text rendering, upload checking and paths, the
page cache, health and error pages."""

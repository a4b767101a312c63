"""Development-only tools: the synthetic practices of the benchmark (`seed_synthetic`).

Not part of the product: the wheel leaves this package out (pyproject's package list), so does
the image (.dockerignore), and settings add the app to INSTALLED_APPS only in a source
checkout that holds it. So `manage.py seed_synthetic` works from the source tree and
production has no such command.
"""

"""Development-only tools: the synthetic practices of the benchmark (`seed_synthetic`).

Not part of the product: .dockerignore leaves this folder out of the image, and settings add
the app to INSTALLED_APPS only when it can be imported, so a source checkout has
`manage.py seed_synthetic` and production does not.
"""

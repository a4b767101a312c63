"""The site's date and time formats, one module per language (FORMAT_MODULE_PATH).

Each language's module holds the formats its readers expect; a language without one falls
back to Django's formats for it. English has its own, because Django's are American
("12/01/2026 6:47 p.m." for 1 December).
"""

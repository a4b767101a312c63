"""Practices: their pages, search, browse-by pages, the report import and the focal points'
workspace. Imports the pfp layers only, never calls for action or meetings."""

"""Reference data (goals, targets, GCM objectives, themes, partner types, countries, summits)
and its loading from fixtures. What is counted against it (practices per goal …) lives with
the practices."""

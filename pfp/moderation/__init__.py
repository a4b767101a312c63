"""The generic review workflow: states, transitions, the moderation log and its notices. It
knows no practice or call; the reviewable apps use it."""

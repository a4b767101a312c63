"""Calls for action and the offers that answer them. May import practices, never meetings."""

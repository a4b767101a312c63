"""The portal: the top layer, where pages that combine several apps are composed.

It holds the home page, the /my/ home, the sitemaps, what other apps add to the practice and
call pages, the Moderators group's permissions and the demo seeding. Every app may be imported
from here; no app imports the portal (checked by tests/test_layers.py).
"""

"""Notices and the public site's pages: home, policies, announcements, downloads, links, messages."""

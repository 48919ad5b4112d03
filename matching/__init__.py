"""Matching: suitable providers for a demand listing (with reasons), alerts, saved searches and follows."""

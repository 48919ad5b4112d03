"""Open data: feeds, exports, OCDS releases, bulk downloads and public statistics."""

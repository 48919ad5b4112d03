"""Settings split by environment: base (safe for production), dev, test, production."""

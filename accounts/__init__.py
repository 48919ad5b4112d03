"""Accounts and roles: who a user acts for, what its role lets it see, the user screens."""

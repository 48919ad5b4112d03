"""The platform's security baseline (MLPS 2.0 level 3), shared by every app.

- `spreadsheets`: the one escaping helper for every .xlsx/.csv the platform writes;
- `files`: uploads stored under a name derived from their verified content, and served
  with headers that keep them from running in the admin's origin;
- `headers`: Content-Security-Policy per area, Permissions-Policy, no-store on personal pages;
- `passwords`, `twofactor`, `sessions`: password policy, TOTP for administrators, idle and
  absolute session limits.
"""

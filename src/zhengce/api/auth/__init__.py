"""Accounts: users and roles, sessions, API tokens, login rate limit, audit log."""

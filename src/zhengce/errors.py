"""Errors a user can cause. The CLI and API turn these into a message and a non-zero exit / 4xx."""


class UserError(Exception):
    """Bad input from the user: a clear message, never a traceback."""


class InputError(UserError):
    """The file given cannot be read as a policy compilation."""


class NotFound(UserError):
    """The thing asked for does not exist in the store."""

"""Exception hierarchy shared by the telemetry codecs."""

from __future__ import annotations


class FrameError(ValueError):
    """Any malformed, truncated or inconsistent telemetry frame."""


class Szy206Error(FrameError):
    """Malformed SZY206-2016 frame."""


class Sl651Error(FrameError):
    """Malformed SL651-2014 message."""

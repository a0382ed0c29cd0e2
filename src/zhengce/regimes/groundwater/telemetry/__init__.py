"""Field-telemetry codecs for groundwater metering: SZY206-2016 and SL651-2014.

Both codecs raise only subclasses of :class:`FrameError` (itself a
``ValueError``) for malformed input.
"""

from .errors import FrameError, Sl651Error, Szy206Error

__all__ = ["FrameError", "Sl651Error", "Szy206Error"]

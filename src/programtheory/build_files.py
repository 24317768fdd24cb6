"""Moved to `programtheory.build.files`; this name keeps working."""

from .build.files import *  # noqa: F403

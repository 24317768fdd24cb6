"""Moved to `programtheory.build.workers`; this name keeps working."""

from .build.workers import *  # noqa: F403

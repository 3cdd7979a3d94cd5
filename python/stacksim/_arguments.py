"""Checks of the arguments Python passes to the C++ clocks, with the messages users see."""

from __future__ import annotations

import numbers

import numpy as np


def seconds(value, name: str) -> float:
    """`value` as a finite number of seconds; TypeError or ValueError naming `name` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number of seconds")
    return value

"""Loading scenarios from a file, a dict or JSON text, with "key.path=value" overrides."""

from __future__ import annotations

import json
import os
from typing import Iterable, Mapping, Union

from . import _stacksim

ScenarioLike = Union[str, os.PathLike, Mapping, _stacksim.Scenario]


def load_scenario(scenario: ScenarioLike, overrides: Iterable[str] = (),
                  base_dir: str | os.PathLike | None = None) -> _stacksim.Scenario:
    """Validates a scenario given as a file path, a dict or an already loaded Scenario.

    overrides: "key.path=value" strings as for `stacksim run --set`.
    base_dir: for dicts, the directory relative trace paths are resolved against (default: the
    current directory)."""
    overrides = list(overrides)
    if isinstance(scenario, _stacksim.Scenario):
        if not overrides:
            return scenario
        return _stacksim.scenario_from_json(scenario.text, scenario.file, overrides)
    if isinstance(scenario, Mapping):
        anchor = os.path.join(os.fspath(base_dir) if base_dir else os.getcwd(), "<dict>")
        return _stacksim.scenario_from_json(json.dumps(scenario), anchor, overrides)
    if isinstance(scenario, (str, os.PathLike)):
        return _stacksim.load_scenario(os.fspath(scenario), overrides)
    raise TypeError("scenario must be a path, a dict or a stacksim.Scenario, not "
                    f"{type(scenario).__name__}")


def override(key: str, value) -> str:
    """The "key=value" override string for a Python value (JSON-encoded)."""
    return f"{key}={json.dumps(value)}"

"""Results as pandas DataFrames: from a Simulation's in-memory columns (numpy arrays that view the
C++ columns once the run is over) or from a results database written by `stacksim run`."""

from __future__ import annotations

import os
import sqlite3
from typing import Dict, Mapping

import pandas as pd


def frame(columns: Mapping[str, object]) -> pd.DataFrame:
    """A DataFrame from {name: array | (codes, categories) | list}; category columns become
    pandas Categoricals built on the codes as they are."""
    data = {}
    for name, column in columns.items():
        if isinstance(column, tuple):
            codes, categories = column
            data[name] = pd.Categorical.from_codes(codes, categories=pd.Index(categories, dtype=object))
        else:
            data[name] = column
    return pd.DataFrame(data, copy=False)


def read_results(database: str | os.PathLike) -> Dict[str, pd.DataFrame]:
    """Every table of a results database (docs/results.md) as a DataFrame, by table name."""
    path = os.fspath(database)
    if not os.path.exists(path):
        raise FileNotFoundError(f"no results database at {path}")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {name: pd.read_sql_query(f'SELECT * FROM "{name}"', con) for name in names}

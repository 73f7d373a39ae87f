"""Arcade's HDF5 result files as pandas DataFrames, with units in `df.attrs["units"]`."""
from __future__ import annotations


class Results(dict):
    """Table name (its HDF5 path, e.g. "layers", "points", "exhaustive") → DataFrame; `attrs` holds the
    file's own attributes (numbers as numbers)."""

    attrs: dict


def _text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def load(path: str) -> Results:
    """Every table (compound dataset) of an Arcade result file — a run, a sweep, an exploration or a
    comparison — as a DataFrame with text columns decoded to `str`, booleans as `bool`, and
    `df.attrs["units"]` mapping each column to its unit ("" when it has none)."""
    import h5py
    import pandas as pd

    tables = Results()
    with h5py.File(path, "r") as f:
        tables.attrs = {key: _text(value) for key, value in f.attrs.items()}

        def visit(name, item):
            if not isinstance(item, h5py.Dataset) or item.dtype.names is None:
                return
            df = pd.DataFrame(item[()])
            for column in df.columns:
                if df[column].dtype == object:
                    df[column] = df[column].map(_text)
            units = [_text(u) for u in item.attrs["units"]] if "units" in item.attrs else [""] * len(df.columns)
            df.attrs["units"] = dict(zip(df.columns, units))
            df.attrs["file"] = path
            tables[name] = df

        f.visititems(visit)
    return tables

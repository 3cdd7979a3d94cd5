"""The standard charts, drawn with matplotlib on Agg figures (no display needed; in Jupyter the
returned Figure shows inline). Each helper takes DataFrames from Simulation, sweep() or the ring
builder and returns the Figure; pass `ax` to draw into an existing Axes instead."""

from __future__ import annotations

from typing import Iterable, Optional

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure


def _axes(ax: Optional[Axes], title: str) -> Axes:
    if ax is None:
        fig = Figure(figsize=(7, 3.5), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
    ax.set_title(title)
    ax.grid(alpha=0.3)
    return ax


def _hours(samples: pd.DataFrame):
    return samples["time_s"] / 3600.0


def utilisation(samples: pd.DataFrame, hosts: pd.DataFrame, ax: Optional[Axes] = None,
                label: str = "") -> Figure:
    """Used / physical vCPUs and RAM over time (samples and hosts tables of one run)."""
    ax = _axes(ax, "Utilisation")
    ax.plot(_hours(samples), samples["vcpus_used"] / hosts["vcpus"].sum(),
            label=f"{label} vCPU".strip())
    ax.plot(_hours(samples), samples["memory_used_mb"] / hosts["memory_mb"].sum(),
            label=f"{label} RAM".strip(), linestyle="--")
    ax.set_xlabel("time (h)")
    ax.set_ylabel("used / physical")
    ax.legend()
    return ax.figure


def power_and_energy(samples: pd.DataFrame, ax: Optional[Axes] = None) -> Figure:
    """Datacenter power (W) and cumulative energy (kWh, trapezoidal over the samples)."""
    ax = _axes(ax, "Power and energy")
    ax.plot(_hours(samples), samples["power_w"] / 1000.0, color="tab:red", label="power")
    ax.set_xlabel("time (h)")
    ax.set_ylabel("power (kW)")
    t = samples["time_s"].to_numpy()
    p = samples["power_w"].to_numpy()
    energy = pd.Series((p[1:] + p[:-1]) / 2 * (t[1:] - t[:-1]) / 3.6e6).cumsum()
    twin = ax.twinx()
    twin.plot(t[1:] / 3600.0, energy, color="tab:blue", label="energy")
    twin.set_ylabel("energy (kWh)")
    ax.figure.legend(loc="upper left")
    return ax.figure


def placements(samples: pd.DataFrame, ax: Optional[Axes] = None) -> Figure:
    """Arrivals, placements and rejections per sampling interval."""
    ax = _axes(ax, "Requests per interval")
    for column in ("arrivals", "placed", "rejected"):
        ax.step(_hours(samples), samples[column], where="post", label=column)
    ax.set_xlabel("time (h)")
    ax.legend()
    return ax.figure


def host_heatmap(host_samples: pd.DataFrame, hosts: pd.DataFrame, ax: Optional[Axes] = None) -> Figure:
    """Per-host vCPU utilisation over time (needs telemetry.host_samples)."""
    ax = _axes(ax, "Host vCPU utilisation")
    ax.grid(False)
    vcpus = pd.Series(hosts["vcpus"].to_numpy(), index=hosts["host"].astype(str))
    table = host_samples.assign(host=host_samples["host"].astype(str)).pivot_table(
        index="host", columns="time_s", values="vcpus_used")
    table = table.div(vcpus.reindex(table.index), axis=0)
    image = ax.imshow(table.to_numpy(), aspect="auto", interpolation="nearest", vmin=0,
                      extent=(table.columns.min() / 3600, table.columns.max() / 3600,
                              len(table), 0))
    ax.set_xlabel("time (h)")
    ax.set_ylabel("host")
    ax.figure.colorbar(image, ax=ax, label="used / physical vCPUs")
    return ax.figure


def compare(results: pd.DataFrame, x: str, metrics: Iterable[str], ax: Optional[Axes] = None,
            title: str = "") -> Figure:
    """Bars of `metrics` per value of column `x` (mean over rows, e.g. over sweep repeats, with
    the standard deviation as error bars)."""
    metrics = list(metrics)
    ax = _axes(ax, title or ", ".join(metrics))
    grouped = results.groupby(x, sort=False)[metrics]
    grouped.mean().plot.bar(ax=ax, yerr=grouped.std().fillna(0), rot=0)
    return ax.figure


def ring_history(history: pd.DataFrame, ax: Optional[Axes] = None) -> Figure:
    """Balance, dispersion and partitions moved per rebalance step (columns step, balance,
    dispersion, parts_moved)."""
    ax = _axes(ax, "Ring rebalances")
    ax.plot(history["step"], history["balance"], marker="o", label="balance (%)")
    ax.plot(history["step"], history["dispersion"], marker="s", label="dispersion (%)")
    ax.set_xlabel("step")
    ax.set_ylabel("percent")
    twin = ax.twinx()
    twin.bar(history["step"], history["parts_moved"], alpha=0.25, color="tab:gray",
             label="partition-replicas moved")
    twin.set_ylabel("partition-replicas moved")
    ax.figure.legend(loc="upper right")
    return ax.figure

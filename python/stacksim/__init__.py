"""stacksim from Python: scenarios, simulations, the Nova scheduler with Python plug-ins, Swift
rings, results as pandas DataFrames, plots, and parameter sweeps (locally or on Dask).

    import stacksim
    sim = stacksim.Simulation("scenarios/examples/demo.json")
    sim.run(until=3600)          # simulated seconds
    sim.hosts()                  # DataFrame of the compute hosts now
    sim.run()                    # to the end
    sim.samples().plot(x="time_s", y="power_w")
    stacksim.sweep("scenarios/examples/demo.json", grid={"seed": [1, 2]}, repeats=2)

    cloud = stacksim.Cloud("scenarios/examples/train-3-node-lab.json")   # the control plane
    ids = cloud.create_server("vm", flavor="m1.tiny", image=cloud.upload_image(
        "cirros", size_bytes=12716032)["id"], wait=True)
    cloud.servers(); cloud.hosts(); cloud.run(until=cloud.now + 60)

Errors from the C++ core arrive as Python exceptions with the core's message: ScenarioError,
SchedulerConfigError and InvalidRequest are ValueErrors, the ring errors keep Swift's names, and
the control plane's faults are CloudErrors with the service's exception name in `type`.
"""

from ._stacksim import (
    CloudError,
    DuplicateDeviceError,
    EmptyRingError,
    Engine,
    EventId,
    HostView,
    InvalidRequest,
    PluginRegistry,
    RebalanceResult,
    Ring,
    RingBuilder,
    RingBuilderError,
    RingLoadError,
    RingValidationError,
    Scenario,
    ScenarioError,
    SchedulerConfigError,
    RequestContext,
    RequestView,
)
from .cloud import Cloud, ServerBuildError
from .results import read_results
from .scenario import load_scenario
from .scheduler import Scheduler
from .simulation import Simulation
from .sweep import sweep

__all__ = [
    "Cloud", "CloudError", "RequestContext", "ServerBuildError",
    "DuplicateDeviceError", "EmptyRingError", "Engine", "EventId", "HostView", "InvalidRequest",
    "PluginRegistry", "RebalanceResult", "RequestView", "Ring", "RingBuilder", "RingBuilderError",
    "RingLoadError", "RingValidationError", "Scenario", "ScenarioError", "Scheduler",
    "SchedulerConfigError", "Simulation", "load_scenario", "read_results", "sweep", "plotting",
]


def __getattr__(name):
    # matplotlib is imported only by those who plot.
    if name == "plotting":
        import importlib
        return importlib.import_module(".plotting", __name__)
    raise AttributeError(f"module 'stacksim' has no attribute {name!r}")

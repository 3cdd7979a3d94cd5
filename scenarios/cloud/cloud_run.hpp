#pragma once
// A scenario run through the OpenStack control plane (scenarios::Cloud) instead of the fast
// experiment runner: the scenario's images are uploaded to Glance, its servers booted, every
// generator arrival and trace request becomes a POST /servers-shaped boot request to compute
// (Nova's filter scheduler, claims, the conductor's build on the backend), and each server is
// deleted at the end of its lifetime. Runs on the simulated clock or, on a live cloud, in wall
// time. Results go to the same RunRecorder as the runner's (docs/results.md): instances,
// scheduler decisions (host or the fault, e.g. "No valid host was found"), samples, summary.

#include <functional>

#include "scenarios/cloud/cloud.hpp"
#include "scenarios/runner/experiment.hpp"
#include "scenarios/runner/run_recorder.hpp"
#include "scenarios/runner/run_summary.hpp"

namespace stacksim::scenarios {

/// The admin project gets unlimited instances, cores and RAM quota: the workload, not Nova's
/// default quota of 10 instances, is what the experiment studies.
/// `hosts`, when given, receives the compute hosts as recorded. `then`, when given, runs after
/// the workload while the run still observes the cloud (its listeners and timers point into it),
/// e.g. the autoscaling experiment.
RunSummary run_on_cloud(Cloud& cloud, const Scenario& scenario, const RunControl& control = {},
                        RunRecorder* recorder = nullptr, std::vector<HostRow>* hosts = nullptr,
                        const std::function<void()>& then = {});

}  // namespace stacksim::scenarios

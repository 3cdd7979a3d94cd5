#include "scenarios/cloud/cloud_run.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include "core/image/image_data.hpp"
#include "scenarios/runner/ring_run.hpp"
#include "scenarios/scenario_error.hpp"
#include "scenarios/traces/trace_source.hpp"
#include "scenarios/workload/lifetime_sampler.hpp"
#include "scenarios/workload/workload_generator.hpp"
#include "sim/engine/random_streams.hpp"

namespace stacksim::scenarios {
namespace {

constexpr double kForever = std::numeric_limits<double>::infinity();

runtime::Task<void> upload_image(image::ImageService& images, identity::RequestContext admin,
                                 std::string id, std::int64_t size, std::string source) {
  image::ImageData data = image::ImageData::pattern(size, 7);
  co_await images.upload(admin, std::move(id), std::move(data), std::move(source));
}

runtime::Task<void> query_hosts(runtime::Backend& backend, std::vector<std::string> hosts,
                                std::vector<runtime::HostInfo>* out) {
  for (const std::string& host : hosts)
    out->push_back(co_await backend.hypervisor(host).host_info());
}

class CloudRun {
 public:
  CloudRun(Cloud& cloud, const Scenario& scenario, const RunControl& control, RunRecorder* recorder)
      : cloud_(cloud),
        scenario_(scenario),
        control_(control),
        recorder_(recorder),
        executor_(cloud.executor()),
        streams_(scenario.seed),
        t0_(executor_.now()) {}

  RunSummary run();
  [[nodiscard]] const std::vector<HostRow>& host_rows() const noexcept { return host_rows_; }

 private:
  struct Request {
    std::string source;  // generator name, "servers" or "trace"
    std::string trace_id;
    std::string tenant;
    std::string flavor;
    double vcpus = 0;
    std::int64_t memory_mb = 0;
    std::int64_t disk_gb = 0;
    double requested_s = 0;
    double lifetime_s = kForever;
    std::string uuid;
    int host = -1;
    std::optional<double> active_s;
    std::optional<double> ended_s;
    std::string state = "building";
    bool end_requested = false;
  };

  [[nodiscard]] double now_s() const { return runtime::to_seconds(executor_.now() - t0_); }
  void at(double t_s, runtime::Action action) {
    executor_.schedule_at(t0_ + runtime::from_seconds(t_s), std::move(action));
  }
  void prepare();
  void start_workload();
  void generator_arrival(std::size_t g);
  void pump_trace();
  void handle_trace_item();
  bool arrivals_allowed() const;
  void boot(Request request, const std::string& flavor_id, const std::string& image_id,
            std::int64_t count, const std::string& name);
  std::string trace_flavor(const TraceRequest& r);
  void observe(const compute::Instance& instance);
  void end_request(std::size_t index);
  void change_usage(const Request& r, double sign);
  void sample();
  [[nodiscard]] bool finished() const;
  RunSummary summarize();

  Cloud& cloud_;
  const Scenario& scenario_;
  const RunControl& control_;
  RunRecorder* recorder_;
  runtime::Executor& executor_;
  sim::RandomStreams streams_;
  runtime::TimePoint t0_;
  std::vector<HostRow> host_rows_;
  std::map<std::string, int> host_index_;
  std::map<std::string, std::string> image_ids_;  // scenario image name or id -> Glance id
  std::string workload_image_;
  std::vector<WorkloadGenerator> generators_;
  std::unique_ptr<TraceSource> trace_;
  std::unique_ptr<RingRun> rings_;  // scenarios with ring_events
  TraceItem trace_item_;
  std::map<std::string, std::vector<std::size_t>> open_by_trace_id_;
  std::map<std::string, std::string> trace_flavors_;
  std::vector<Request> requests_;
  std::unordered_map<std::string, std::size_t> by_uuid_;
  std::vector<std::int64_t> placements_;
  std::vector<std::int64_t> active_per_host_;  // kept by change_usage, read by every sample
  std::int64_t pending_arrivals_ = 0;
  std::int64_t unresolved_ = 0;  // requests building, or active with a finite lifetime
  std::int64_t arrivals_ = 0, placed_ = 0, rejected_ = 0, departures_ = 0;
  SampleRow window_;  // arrivals/placed/rejected since the previous sample
  double used_vcpus_ = 0, used_memory_mb_ = 0, used_disk_gb_ = 0;
  double area_vcpu_ = 0, area_memory_ = 0, last_change_s_ = 0;
  double physical_vcpus_ = 0, physical_memory_mb_ = 0;
  bool stop_ = false;
};

void CloudRun::prepare() {
  std::vector<runtime::HostInfo> infos;
  cloud_.run(query_hosts(cloud_.backend(), cloud_.compute_hosts(), &infos));
  for (const runtime::HostInfo& info : infos) {
    HostRow row;
    row.name = info.name;
    row.host_class = cloud_.simulated() ? "compute" : "live";
    for (const HostClass& c : scenario_.datacenter.host_classes) {
      for (std::int64_t i = 0; i < c.count; ++i) {
        if (c.host_name(i) == info.name) {
          row.host_class = c.name;
          row.availability_zone = c.availability_zone;
        }
      }
    }
    row.vcpus = info.vcpus;
    row.memory_mb = info.memory_mb;
    row.disk_gb = info.disk_gb;
    const ControlPlaneSpec& cp = scenario_.control_plane;
    row.vcpu_capacity =
        static_cast<double>(info.vcpus - cp.reserved_host_cpus) * cp.cpu_allocation_ratio;
    row.memory_capacity_mb = static_cast<std::int64_t>(
        static_cast<double>(info.memory_mb - cp.reserved_host_memory_mb) * cp.ram_allocation_ratio);
    host_index_[row.name] = static_cast<int>(host_rows_.size());
    physical_vcpus_ += static_cast<double>(info.vcpus);
    physical_memory_mb_ += static_cast<double>(info.memory_mb);
    host_rows_.push_back(std::move(row));
  }
  placements_.assign(host_rows_.size(), 0);
  active_per_host_.assign(host_rows_.size(), 0);

  identity::QuotaEngine& quotas = cloud_.identity().quotas();
  for (const char* resource : {"instances", "cores", "ram"})
    quotas.set_limit(cloud_.admin().project_id, resource, -1);

  for (const ImageSpec& spec : scenario_.images) {
    image::ImageCreate create;
    create.name = spec.name;
    if (!spec.id.empty()) create.id = spec.id;
    create.disk_format = spec.disk_format;
    create.container_format = spec.container_format;
    create.visibility = image::Visibility::public_;
    const std::string id = cloud_.images().create(cloud_.admin(), create).id;
    cloud_.run(
        upload_image(cloud_.images(), cloud_.admin(), id, spec.size_bytes, cloud_.image_store()));
    image_ids_[spec.name] = id;
    if (!spec.id.empty()) image_ids_[spec.id] = id;
    if (workload_image_.empty()) workload_image_ = id;
  }
  if (workload_image_.empty()) {
    // Generators and traces boot from an image; without one in the scenario, a CirrOS-sized one.
    image::ImageCreate create;
    create.name = "cirros";
    create.disk_format = "qcow2";
    create.container_format = "bare";
    create.visibility = image::Visibility::public_;
    workload_image_ = cloud_.images().create(cloud_.admin(), create).id;
    cloud_.run(upload_image(cloud_.images(), cloud_.admin(), workload_image_, 12716032,
                            cloud_.image_store()));
  }
  cloud_.compute().subscribe_instance_updates(
      [this](const compute::Instance& instance) { observe(instance); });
  t0_ = executor_.now();
  if (recorder_ != nullptr) recorder_->begin(scenario_, host_rows_);
}

bool CloudRun::arrivals_allowed() const {
  if (stop_) return false;
  if (scenario_.duration_s && now_s() >= *scenario_.duration_s) return false;
  return !scenario_.workload.max_arrivals || arrivals_ < *scenario_.workload.max_arrivals;
}

void CloudRun::start_workload() {
  if (!scenario_.ring_events.empty()) {
    if (!cloud_.simulated()) {
      throw ScenarioError(scenario_.file, "/ring_events", "ring events need the simulated backend");
    }
    rings_ = std::make_unique<RingRun>(scenario_, cloud_.rings(), cloud_.backend(), t0_);
    rings_->start({});
  }
  for (const ServerSpec& server : scenario_.servers) {
    ++pending_arrivals_;
    at(server.at_s, [this, &server] {
      --pending_arrivals_;
      Request r;
      r.source = "servers";
      r.flavor = server.flavor;
      for (const FlavorSpec& f : scenario_.flavors) {
        if (f.name == server.flavor) {
          r.vcpus = static_cast<double>(f.vcpus);
          r.memory_mb = f.memory_mb;
          r.disk_gb = f.disk_gb;
        }
      }
      boot(r, server.flavor, image_ids_.at(server.image), server.count, server.name);
    });
  }
  generators_ = make_generators(scenario_, streams_);
  for (std::size_t g = 0; g < generators_.size(); ++g) {
    WorkloadGenerator& gen = generators_[g];
    const auto delay = gen.process->next(gen.spec->start_s, true, *gen.rng);
    if (!delay || (gen.spec->end_s && gen.spec->start_s + *delay >= *gen.spec->end_s)) continue;
    ++pending_arrivals_;
    at(gen.spec->start_s + *delay, [this, g] { generator_arrival(g); });
  }
  if (scenario_.workload.trace) {
    trace_ = std::make_unique<TraceSource>(*scenario_.workload.trace);
    pump_trace();
  }
}

void CloudRun::generator_arrival(std::size_t g) {
  --pending_arrivals_;
  WorkloadGenerator& gen = generators_[g];
  const GeneratorSpec& spec = *gen.spec;
  for (std::int64_t i = 0; i < gen.process->batch_size() && arrivals_allowed(); ++i) {
    if (spec.max_arrivals && gen.arrivals >= *spec.max_arrivals) return;
    const FlavorSpec& flavor = scenario_.flavors[gen.picker.pick(*gen.rng)];
    Request r;
    r.source = spec.name;
    r.tenant = spec.tenant;
    r.flavor = flavor.name;
    r.vcpus = static_cast<double>(flavor.vcpus);
    r.memory_mb = flavor.memory_mb;
    r.disk_gb = flavor.disk_gb;
    r.lifetime_s = sample_lifetime(spec.lifetime, *gen.rng);
    ++gen.arrivals;
    boot(r, flavor.name, workload_image_, 1, spec.name + "-" + std::to_string(gen.arrivals));
  }
  if (!arrivals_allowed() || (spec.max_arrivals && gen.arrivals >= *spec.max_arrivals)) return;
  const auto delay = gen.process->next(now_s(), false, *gen.rng);
  if (!delay || (spec.end_s && now_s() + *delay >= *spec.end_s)) return;
  ++pending_arrivals_;
  at(now_s() + *delay, [this, g] { generator_arrival(g); });
}

void CloudRun::pump_trace() {
  if (!arrivals_allowed() || !trace_->next(trace_item_)) return;
  ++pending_arrivals_;
  at(std::max(item_time(trace_item_), now_s()), [this] {
    --pending_arrivals_;
    handle_trace_item();
    pump_trace();
  });
}

std::string CloudRun::trace_flavor(const TraceRequest& r) {
  // Nova boots flavors, so each distinct trace size becomes a flavor (vCPUs rounded up).
  const auto vcpus = static_cast<int>(std::ceil(r.vcpus));
  const auto memory = static_cast<std::int64_t>(std::ceil(r.memory_mb));
  const auto disk = static_cast<std::int64_t>(std::ceil(r.disk_gb));
  const std::string name = "trace-" + std::to_string(vcpus) + "c-" + std::to_string(memory) + "m-" +
                           std::to_string(disk) + "g";
  if (!trace_flavors_.contains(name)) {
    compute::Flavor flavor;
    flavor.id = name;
    flavor.name = name;
    flavor.vcpus = std::max(vcpus, 1);
    flavor.memory_mb = std::max<std::int64_t>(memory, 1);
    flavor.root_gb = disk;
    cloud_.compute().create_flavor(cloud_.admin(), flavor);
    trace_flavors_[name] = name;
  }
  return name;
}

void CloudRun::handle_trace_item() {
  if (const auto* end = std::get_if<TraceEnd>(&trace_item_)) {
    const auto it = open_by_trace_id_.find(end->id);
    if (it == open_by_trace_id_.end()) return;
    for (const std::size_t index : it->second)
      end_request(index);
    open_by_trace_id_.erase(it);
    return;
  }
  const TraceRequest& t = std::get<TraceRequest>(trace_item_);
  Request r;
  r.source = "trace";
  r.trace_id = t.id;
  r.tenant = t.tenant;
  r.vcpus = t.vcpus;
  r.memory_mb = static_cast<std::int64_t>(std::ceil(t.memory_mb));
  r.disk_gb = static_cast<std::int64_t>(std::ceil(t.disk_gb));
  r.lifetime_s = t.lifetime_s.value_or(kForever);
  const std::string flavor = trace_flavor(t);
  const std::size_t first = requests_.size();
  boot(r, flavor, workload_image_, t.count, t.id.empty() ? "trace" : t.id);
  if (!t.lifetime_s && !t.id.empty()) {
    for (std::size_t i = first; i < requests_.size(); ++i)
      open_by_trace_id_[t.id].push_back(i);
  }
}

void CloudRun::boot(Request request, const std::string& flavor_id, const std::string& image_id,
                    std::int64_t count, const std::string& name) {
  compute::ServerCreate create;
  create.name = name;
  create.flavor_id = flavor_id;
  create.image_id = image_id;
  create.min_count = create.max_count = static_cast<int>(count);
  create.networks.mode = compute::NetworkRequest::Mode::none;
  request.requested_s = now_s();
  request.flavor = flavor_id;
  std::vector<compute::Instance> created;
  std::string refusal;
  try {
    created = cloud_.compute().create_servers(cloud_.admin(), create).instances;
  } catch (const std::exception& e) {
    refusal = e.what();  // refused at the API (e.g. quota): every instance is rejected
  }
  arrivals_ += count;
  window_.arrivals += count;
  if (!refusal.empty()) {
    for (std::int64_t i = 0; i < count; ++i) {
      Request r = request;
      r.state = "rejected";
      r.ended_s = r.requested_s;
      ++rejected_;
      ++window_.rejected;
      if (recorder_ != nullptr) {
        recorder_->decision(
            {now_s(), static_cast<std::int64_t>(requests_.size()), "boot", -1, refusal});
      }
      requests_.push_back(std::move(r));
    }
    return;
  }
  for (const compute::Instance& instance : created) {
    Request r = request;
    r.uuid = instance.uuid;
    by_uuid_[instance.uuid] = requests_.size();
    requests_.push_back(std::move(r));
    ++unresolved_;
    // The build may already have moved on while create_servers ran.
    observe(cloud_.compute().get_server(cloud_.admin(), instance.uuid));
  }
}

void CloudRun::observe(const compute::Instance& instance) {
  const auto it = by_uuid_.find(instance.uuid);
  if (it == by_uuid_.end()) return;
  const std::size_t index = it->second;
  Request& r = requests_[index];
  if (r.state == "building" && instance.vm_state == compute::VmState::active) {
    r.state = "active";
    r.active_s = now_s();
    const auto host = host_index_.find(instance.host);
    r.host = host == host_index_.end() ? -1 : host->second;
    if (r.host >= 0) ++placements_[static_cast<std::size_t>(r.host)];
    ++placed_;
    ++window_.placed;
    change_usage(r, +1);
    if (recorder_ != nullptr) {
      recorder_->decision({r.requested_s, static_cast<std::int64_t>(index), "boot", r.host, ""});
    }
    if (r.end_requested) {
      executor_.post([this, index] { end_request(index); });
    } else if (std::isfinite(r.lifetime_s)) {
      at(now_s() + r.lifetime_s, [this, index] { end_request(index); });
    } else {
      --unresolved_;  // runs until the end of the run
    }
  } else if (r.state == "building" && instance.vm_state == compute::VmState::error) {
    r.state = "rejected";
    r.ended_s = now_s();
    ++rejected_;
    ++window_.rejected;
    --unresolved_;
    if (recorder_ != nullptr) {
      // The conductor records the fault right after it saves the ERROR state.
      executor_.post([this, index] {
        const Request& failed = requests_[index];
        const auto fault = cloud_.compute().server_fault(cloud_.admin(), failed.uuid);
        recorder_->decision({failed.requested_s, static_cast<std::int64_t>(index), "boot", -1,
                             fault ? fault->message : "ERROR without a fault"});
      });
    }
  } else if (instance.vm_state == compute::VmState::deleted && r.state == "deleting") {
    r.state = "deleted";
    r.ended_s = now_s();
    --unresolved_;
  }
}

void CloudRun::end_request(std::size_t index) {
  Request& r = requests_[index];
  if (r.state == "building") {
    r.end_requested = true;  // deleted as soon as it is ACTIVE
    return;
  }
  if (r.state != "active") return;
  if (!std::isfinite(r.lifetime_s)) ++unresolved_;  // a trace end of an open-ended request
  r.state = "deleting";
  ++departures_;
  change_usage(r, -1);
  cloud_.compute().delete_server(cloud_.admin(), r.uuid);
}

void CloudRun::change_usage(const Request& r, double sign) {
  const double t = now_s();
  area_vcpu_ += used_vcpus_ * (t - last_change_s_);
  area_memory_ += used_memory_mb_ * (t - last_change_s_);
  last_change_s_ = t;
  used_vcpus_ += sign * r.vcpus;
  used_memory_mb_ += sign * static_cast<double>(r.memory_mb);
  used_disk_gb_ += sign * static_cast<double>(r.disk_gb);
  if (r.host >= 0) active_per_host_[static_cast<std::size_t>(r.host)] += sign > 0 ? 1 : -1;
}

void CloudRun::sample() {
  SampleRow row = window_;
  row.time_s = now_s();
  row.vcpus_used = used_vcpus_;
  row.memory_used_mb = static_cast<std::int64_t>(used_memory_mb_);
  row.disk_used_gb = static_cast<std::int64_t>(used_disk_gb_);
  for (const auto count : active_per_host_)
    row.instances += count;
  for (const compute::ServiceStatus& service : cloud_.compute().list_services(cloud_.admin())) {
    if (!service.up) continue;
    ++row.hosts_up;
    const auto h = host_index_.find(service.service.host);
    if (h != host_index_.end() && active_per_host_[static_cast<std::size_t>(h->second)] == 0) {
      ++row.hosts_empty;
    }
  }
  if (cloud_.simulated()) {
    for (const std::string& host : cloud_.simulated_backend().hosts())
      row.power_w += cloud_.simulated_backend().simulated_host(host).power().watts();
  }
  if (recorder_ != nullptr) recorder_->sample(row);
  window_ = {};
}

bool CloudRun::finished() const {
  if (stop_) return true;
  if (scenario_.duration_s) return now_s() >= *scenario_.duration_s;
  return pending_arrivals_ == 0 && unresolved_ == 0 && (!rings_ || rings_->done());
}

RunSummary CloudRun::run() {
  prepare();
  start_workload();
  const auto wall_start = std::chrono::steady_clock::now();
  const double interval = scenario_.telemetry.interval_s;
  double next_sample = 0;
  // Simulated runs advance in telemetry steps; live ones in short steps so that Ctrl-C and
  // progress stay responsive.
  const double step = cloud_.simulated() ? interval : std::min(interval, 0.2);
  while (true) {
    if (now_s() >= next_sample) {
      sample();
      next_sample += interval;
    }
    if (finished()) break;
    if (control_.interrupted && control_.interrupted()) {
      stop_ = true;
      break;
    }
    double until = std::min(next_sample, now_s() + step);
    if (scenario_.duration_s) until = std::min(until, *scenario_.duration_s);
    cloud_.run_until(t0_ + runtime::from_seconds(until));
    if (control_.progress) {
      RunProgress p;
      p.sim_time_s = now_s();
      p.wall_s =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
      if (scenario_.duration_s) p.fraction = now_s() / *scenario_.duration_s;
      control_.progress(p);
    }
  }
  RunSummary summary = summarize();
  summary.wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  summary.interrupted = stop_;
  return summary;
}

RunSummary CloudRun::summarize() {
  const double t_end = now_s();
  area_vcpu_ += used_vcpus_ * (t_end - last_change_s_);
  area_memory_ += used_memory_mb_ * (t_end - last_change_s_);
  last_change_s_ = t_end;
  RunSummary s;
  s.scenario = scenario_.name;
  s.placement_policy = scenario_.control_plane.scheduler.placement_policy + " (control plane, " +
                       (cloud_.simulated() ? "simulated" : "live") + ")";
  s.seed = scenario_.seed;
  s.hosts = static_cast<int>(host_rows_.size());
  s.arrivals = arrivals_;
  s.placed = placed_;
  s.rejected = rejected_;
  s.departures = departures_;
  s.sim_time_s = t_end;
  s.model_events = static_cast<std::uint64_t>(arrivals_ + departures_);
  std::map<std::string, std::int64_t> rejected_by_flavor;
  for (const Request& r : requests_) {
    s.active_end += r.state == "active" ? 1 : 0;
    if (r.state == "rejected") ++rejected_by_flavor[r.flavor];
  }
  s.rejected_by_flavor.assign(rejected_by_flavor.begin(), rejected_by_flavor.end());
  if (cloud_.simulated()) s.engine_events = cloud_.simulator().events_processed();
  if (t_end > 0 && physical_vcpus_ > 0) {
    s.util_vcpu = area_vcpu_ / (physical_vcpus_ * t_end);
    s.util_ram = area_memory_ / (physical_memory_mb_ * t_end);
  }
  std::vector<HostSummaryRow> hosts(host_rows_.size());
  for (std::size_t h = 0; h < hosts.size(); ++h) {
    hosts[h].host = static_cast<int>(h);
    hosts[h].placements = placements_[h];
  }
  if (cloud_.simulated()) {
    sim::SimulatedBackend& backend = cloud_.simulated_backend();
    const runtime::TimePoint now = executor_.now();
    for (const std::string& host : backend.hosts()) {
      const double kwh = backend.simulated_host(host).power().total_energy(now) / 3.6e6;
      s.energy_kwh += kwh;
      const auto h = host_index_.find(host);
      if (h != host_index_.end()) hosts[static_cast<std::size_t>(h->second)].energy_kwh = kwh;
    }
  }
  if (trace_) {
    s.trace_rows = trace_->stats().rows;
    s.trace_bad_rows = trace_->stats().bad_rows;
    s.trace_ignored_rows = trace_->stats().ignored_rows;
    s.trace_filtered = trace_->filter_stats().filtered;
  }
  if (rings_) {
    rings_->summarize(s);
    if (recorder_ != nullptr) recorder_->rings(rings_->results());
  }
  if (recorder_ != nullptr) {
    for (std::size_t i = 0; i < requests_.size(); ++i) {
      const Request& r = requests_[i];
      InstanceRow row;
      row.id = static_cast<std::int64_t>(i);
      row.source = r.source;
      row.trace_id = r.trace_id;
      row.tenant = r.tenant;
      row.flavor = r.flavor;
      row.vcpus = r.vcpus;
      row.memory_mb = r.memory_mb;
      row.disk_gb = r.disk_gb;
      row.requested_s = r.requested_s;
      row.host = r.host;
      row.active_s = r.active_s;
      row.ended_s = r.ended_s;
      row.state = r.state == "deleting" ? std::string_view("deleted") : std::string_view(r.state);
      recorder_->instance(row);
    }
    recorder_->finish(s, hosts);
  }
  return s;
}

}  // namespace

RunSummary run_on_cloud(Cloud& cloud, const Scenario& scenario, const RunControl& control,
                        RunRecorder* recorder, std::vector<HostRow>* hosts,
                        const std::function<void()>& then) {
  CloudRun run(cloud, scenario, control, recorder);
  RunSummary summary = run.run();
  if (hosts != nullptr) *hosts = run.host_rows();
  if (then) then();
  return summary;
}

}  // namespace stacksim::scenarios

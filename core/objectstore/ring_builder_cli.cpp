#include "core/objectstore/ring_builder_cli.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include "core/objectstore/address.hpp"
#include "core/objectstore/builder_file.hpp"
#include "core/objectstore/builder_report.hpp"
#include "core/objectstore/cli_options.hpp"
#include "core/objectstore/digest.hpp"
#include "core/objectstore/python_json.hpp"
#include "core/objectstore/ring_errors.hpp"
#include "core/objectstore/text.hpp"

namespace stacksim::objectstore {

namespace {

namespace fs = std::filesystem;

const char* const kDivider =
    "-------------------------------------------------------------------------------\n";

const std::vector<OptionSpec> kDeviceOptions = {{'u', "id", true},
                                                {'r', "region", true},
                                                {'z', "zone", true},
                                                {'i', "ip", true},
                                                {'p', "port", true},
                                                {'j', "replication-ip", true},
                                                {'q', "replication-port", true},
                                                {'d', "device", true},
                                                {'w', "weight", true},
                                                {'m', "meta", true},
                                                {'I', "change-ip", true},
                                                {'P', "change-port", true},
                                                {'J', "change-replication-ip", true},
                                                {'Q', "change-replication-port", true},
                                                {'D', "change-device", true},
                                                {'M', "change-meta", true},
                                                {'y', "yes", false}};

std::string fixed6(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

std::string fixed2(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.02f", v);
  return buf;
}

// Python's repr() of a str, for "%r is not a valid number." style messages.
std::string py_repr(const std::string& s) {
  return cat('\'', s, '\'');
}

class Commands {
 public:
  Commands(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           std::int64_t now)
      : args_(args), out_(out), err_(err), now_(now) {}

  int run();

 private:
  // Swift's argv without the program name: args_[0] builder, args_[1] command, args_[2...] rest.
  [[nodiscard]] std::size_t argc() const { return args_.size() + 1; }
  [[nodiscard]] std::vector<std::string> rest() const {
    return args_.size() > 2 ? std::vector<std::string>(args_.begin() + 2, args_.end())
                            : std::vector<std::string>{};
  }
  int fail(const std::string& message) {
    err_ << message << "\n";
    return kExitError;
  }
  int save() {
    save_builder(*builder_, builder_file_);
    return kExitSuccess;
  }

  int create();
  int summary();
  int add();
  int set_weight();
  int remove();
  int rebalance();
  int set_overload();
  int set_replicas();
  int set_min_part_hours();
  int pretend_min_part_hours_passed();
  int write_ring();
  int validate();
  int dispersion();
  int search();
  int prepare_increase_partition_power();
  int increase_partition_power();
  int cancel_increase_partition_power();
  int finish_increase_partition_power();

  /// Swift's check_devs: zero matches fail, several need --yes (we never prompt).
  std::optional<int> check_devs(const std::vector<const Device*>& devs, bool yes,
                                const std::string& question, const std::string& abort_msg);
  std::vector<Device> parse_add_values(const CliOptions& opts);
  DeviceSearch search_from_options(const CliOptions& opts);
  bool new_command_format(const CliOptions& opts) const;

  const std::vector<std::string>& args_;
  std::ostream& out_;
  std::ostream& err_;
  std::int64_t now_;
  std::string builder_file_;
  fs::path ring_file_;
  std::optional<RingBuilder> builder_;
};

int Commands::run() {
  const std::string& first = args_[0];
  const auto ends_with = [](const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(first, ".ring.gz")) {
    builder_file_ = cat(first.substr(0, first.size() - 8), ".builder");
    ring_file_ = first;
  } else {
    builder_file_ = first;
    ring_file_ =
        cat(ends_with(first, ".builder") ? first.substr(0, first.size() - 8) : first, ".ring.gz");
  }
  if (builder_file_ != first) {
    out_ << "Note: using " << builder_file_ << " instead of " << first << " as builder file\n";
  }
  const std::string command = args_.size() >= 2 ? args_[1] : "default";
  if (command != "create") {
    try {
      builder_ = load_builder(builder_file_);
    } catch (const RingLoadError& e) {
      return fail(e.what());
    }
  }
  static const std::map<std::string, int (Commands::*)()> table = {
      {"create", &Commands::create},
      {"default", &Commands::summary},
      {"add", &Commands::add},
      {"set_weight", &Commands::set_weight},
      {"remove", &Commands::remove},
      {"rebalance", &Commands::rebalance},
      {"set_overload", &Commands::set_overload},
      {"set_replicas", &Commands::set_replicas},
      {"set_min_part_hours", &Commands::set_min_part_hours},
      {"pretend_min_part_hours_passed", &Commands::pretend_min_part_hours_passed},
      {"write_ring", &Commands::write_ring},
      {"validate", &Commands::validate},
      {"dispersion", &Commands::dispersion},
      {"search", &Commands::search},
      {"prepare_increase_partition_power", &Commands::prepare_increase_partition_power},
      {"increase_partition_power", &Commands::increase_partition_power},
      {"cancel_increase_partition_power", &Commands::cancel_increase_partition_power},
      {"finish_increase_partition_power", &Commands::finish_increase_partition_power}};
  const auto it = table.find(command);
  if (it == table.end()) return fail(cat("Unknown command: ", command));
  try {
    return (this->*(it->second))();
  } catch (const std::invalid_argument& e) {
    return fail(e.what());
  } catch (const RingBuilderError& e) {
    return fail(e.what());
  }
}

int Commands::create() {
  if (argc() < 6) {
    return fail(
        "swift-ring-builder <builder_file> create <part_power> <replicas> <min_part_hours>");
  }
  const int part_power = parse_python_int(args_[2]);
  const double replicas = parse_python_float(args_[3]);
  const int min_part_hours = parse_python_int(args_[4]);
  builder_.emplace(part_power, replicas, min_part_hours);
  // A stable id: the same builder created at the same place gets the same id.
  builder_->set_id(md5_hex(
      cat(fs::absolute(builder_file_).string(), '\n', args_[2], ' ', args_[3], ' ', args_[4])));
  return save();
}

int Commands::summary() {
  print_builder_summary(out_, *builder_, builder_file_, ring_file_, now_);
  return kExitSuccess;
}

bool Commands::new_command_format(const CliOptions& opts) const {
  for (const char* key : {"id", "region", "zone", "ip", "port", "replication-ip",
                          "replication-port", "device", "weight"}) {
    if (opts.has(key)) return true;
  }
  return opts.value("meta").value_or("") != "";
}

std::vector<Device> Commands::parse_add_values(const CliOptions& opts) {
  std::vector<Device> devs;
  const auto& args = opts.positional();
  if (!args.empty()) {
    if (new_command_format(opts) || args.size() % 2 != 0) {
      throw std::invalid_argument(
          "swift-ring-builder <builder_file> add "
          "[r<region>]z<zone>-<ip>:<port>[R<r_ip>:<r_port>]/<device_name>_<meta> <weight> ...");
    }
    for (std::size_t i = 0; i < args.size(); i += 2) {
      const AddValue v = parse_add_value(args[i]);
      Device d;
      if (!v.region)
        err_ << "WARNING: No region specified for " << args[i] << ". Defaulting to region 1.\n";
      d.region = v.region.value_or(1);
      d.zone = v.zone;
      d.ip = v.ip;
      d.port = v.port;
      d.replication_ip = v.replication_ip.value_or(v.ip);
      d.replication_port = v.replication_port.value_or(v.port);
      d.device = v.device;
      d.meta = v.meta;
      d.weight = parse_python_float(args[i + 1]);
      if (d.weight < 0 || !std::isfinite(d.weight)) {
        throw std::invalid_argument(cat("Invalid weight value: ", args[i]));
      }
      devs.push_back(std::move(d));
    }
    return devs;
  }
  const std::pair<const char*, const char*> required[] = {{"region", "-r"}, {"zone", "-z"},
                                                          {"ip", "-i"},     {"port", "-p"},
                                                          {"device", "-d"}, {"weight", "-w"}};
  for (const auto& [name, short_name] : required) {
    if (!opts.has(name)) {
      throw std::invalid_argument(
          cat("Required argument ", short_name, "/--", name, " not specified."));
    }
  }
  Device d;
  d.region = *opts.integer("region");
  d.zone = *opts.integer("zone");
  d.ip = normalize_address(*opts.value("ip"));
  d.port = *opts.integer("port");
  d.replication_ip = normalize_address(opts.value("replication-ip").value_or(*opts.value("ip")));
  d.replication_port = opts.integer("replication-port").value_or(d.port);
  d.device = *opts.value("device");
  if (d.device.empty() || d.device.front() == ' ' || d.device.back() == ' ') {
    throw std::invalid_argument("Invalid device name");
  }
  d.weight = *opts.number("weight");
  if (d.weight < 0 || !std::isfinite(d.weight)) throw std::invalid_argument("Invalid weight value");
  d.meta = opts.value("meta").value_or("");
  if (opts.has("id")) d.id = *opts.integer("id");
  devs.push_back(std::move(d));
  return devs;
}

int Commands::add() {
  if (argc() < 5) {
    return fail(
        "swift-ring-builder <builder_file> add "
        "[r<region>]z<zone>-<ip>:<port>[R<r_ip>:<r_port>]/<device_name>_<meta> <weight> ...");
  }
  if (builder_->state().next_part_power) {
    return fail(
        "Partition power increase in progress. You need \nto finish the increase first before "
        "adding devices.");
  }
  std::vector<Device> devs;
  try {
    devs = parse_add_values(CliOptions(rest(), kDeviceOptions));
  } catch (const std::invalid_argument& e) {
    return fail(cat(e.what(), "\nThe on-disk ring builder is unchanged."));
  }
  for (Device& d : devs) {
    for (const auto& existing : builder_->devs()) {
      if (existing && existing->ip == d.ip && existing->port == d.port &&
          existing->device == d.device) {
        return fail(cat("Device ", existing->id, " already uses ", existing->ip, ':',
                        existing->port, '/', existing->device,
                        ".\nThe on-disk ring builder is unchanged.\n"));
      }
    }
    try {
      d.id = builder_->add_dev(d);
    } catch (const DuplicateDeviceError& e) {
      return fail(cat(e.what(), "\nThe on-disk ring builder is unchanged."));
    }
    out_ << "Device " << format_device(d) << " with " << python_float_repr(d.weight)
         << " weight got id " << d.id << "\n";
  }
  return save();
}

std::optional<int> Commands::check_devs(const std::vector<const Device*>& devs, bool yes,
                                        const std::string& question, const std::string& abort_msg) {
  if (devs.empty()) {
    return fail("Search value matched 0 devices.\nThe on-disk ring builder is unchanged.");
  }
  if (devs.size() > 1) {
    out_ << "Matched more than one device:\n";
    for (const Device* d : devs)
      out_ << "    " << format_device(*d) << "\n";
    if (!yes) return fail(cat(question, "Pass --yes to confirm.\n", abort_msg));
  }
  return std::nullopt;
}

DeviceSearch Commands::search_from_options(const CliOptions& opts) {
  DeviceSearch q;
  q.id = opts.integer("id");
  q.region = opts.integer("region");
  q.zone = opts.integer("zone");
  q.port = opts.integer("port");
  q.replication_port = opts.integer("replication-port");
  if (auto ip = opts.value("ip")) q.ip = normalize_address(*ip);
  if (auto ip = opts.value("replication-ip")) q.replication_ip = normalize_address(*ip);
  q.device = opts.value("device");
  q.weight = opts.number("weight");
  if (auto meta = opts.value("meta"); meta && !meta->empty()) q.meta = *meta;
  return q;
}

int Commands::set_weight() {
  if (argc() < 5) {
    return fail(
        "swift-ring-builder <builder_file> set_weight <search-value> <new_weight> ... [--yes]");
  }
  const CliOptions opts(rest(), kDeviceOptions);
  const auto& args = opts.positional();
  std::vector<std::pair<std::vector<const Device*>, double>> changes;
  if (!new_command_format(opts)) {
    if (args.size() % 2 != 0) {
      return fail(
          "swift-ring-builder <builder_file> set_weight <search-value> <new_weight> ... [--yes]");
    }
    for (std::size_t i = 0; i < args.size(); i += 2) {
      changes.emplace_back(builder_->search_devs(parse_search_value(args[i])),
                           parse_python_float(args[i + 1]));
    }
  } else {
    if (args.size() != 1) {
      return fail("swift-ring-builder <builder_file> set_weight --region ... <new_weight> [--yes]");
    }
    changes.emplace_back(builder_->search_devs(search_from_options(opts)),
                         parse_python_float(args[0]));
  }
  for (const auto& [devs, weight] : changes) {
    const std::string question = cat("Are you sure you want to update the weight for these ",
                                     devs.size(), " devices? (y/N) ");
    if (auto code = check_devs(devs, opts.has("yes"), question, "Aborting device modifications")) {
      return *code;
    }
    if (weight < 0 || !std::isfinite(weight)) throw std::invalid_argument("Invalid weight value");
    for (const Device* d : devs) {
      builder_->set_dev_weight(d->id, weight);
      out_ << format_device(*d) << " weight set to " << python_float_repr(d->weight) << "\n";
    }
  }
  return save();
}

int Commands::remove() {
  if (argc() < 4)
    return fail(
        "swift-ring-builder <builder_file> remove <search-value> [search-value ...] [--yes]");
  if (builder_->state().next_part_power) {
    return fail(
        "Partition power increase in progress. You need \nto finish the increase first before "
        "removing devices.");
  }
  const CliOptions opts(rest(), kDeviceOptions);
  std::vector<const Device*> devs;
  if (!opts.positional().empty()) {
    if (new_command_format(opts)) {
      return fail(
          "swift-ring-builder <builder_file> remove <search-value> [search-value ...] [--yes]");
    }
    for (const auto& arg : opts.positional()) {
      for (const Device* d : builder_->search_devs(parse_search_value(arg)))
        devs.push_back(d);
    }
  } else {
    devs = builder_->search_devs(search_from_options(opts));
  }
  const std::string question =
      cat("Are you sure you want to remove these ", devs.size(), " devices? (y/N) ");
  if (auto code = check_devs(devs, opts.has("yes"), question, "Aborting device removals"))
    return *code;
  for (const Device* d : devs) {
    const int id = d->id;
    builder_->remove_dev(id);
    out_ << format_device(*builder_->dev(id))
         << " marked for removal and will be removed next rebalance.\n";
  }
  return save();
}

int Commands::rebalance() {
  const CliOptions opts(rest(),
                        {{'f', "force", false}, {'s', "seed", true}, {'d', "debug", false}});
  if (builder_->state().next_part_power) {
    return fail(
        "Partition power increase in progress.\nYou need to finish the increase first before "
        "rebalancing.");
  }
  // Like swift-ring-builder, a seed is a string (--seed or the first argument). Without one we
  // seed with the builder's version so reruns are reproducible.
  PyRandom random;
  std::optional<std::string> seed = opts.value("seed");
  if (!seed && !opts.positional().empty()) seed = opts.positional()[0];
  if (seed) {
    random.seed_string(*seed);
  } else {
    random.seed_int(static_cast<std::uint64_t>(builder_->version()));
  }
  RingBuilder& b = *builder_;
  const bool devs_changed = b.devs_changed();
  const std::int64_t seconds_left = b.min_part_seconds_left(now_);
  const auto validation_error = [&](const std::exception& e) {
    return fail(
        cat(kDivider,
            "An error has occurred during ring validation. Common\ncauses of failure are "
            "rings that are empty or do not\nhave enough devices to accommodate the replica "
            "count.\nOriginal exception message:\n ",
            e.what(), '\n', std::string_view(kDivider).substr(0, 79)));
  };
  double last_balance = 0;
  std::optional<double> last_dispersion;
  RebalanceResult result;
  try {
    last_balance = b.get_balance();
    last_dispersion = b.state().dispersion;
    result = b.rebalance(random, now_);
  } catch (const RingBuilderError& e) {
    return validation_error(e);
  }
  const bool force = opts.has("force");
  if (result.parts_moved == 0 && !force && result.removed_devices == 0) {
    out_ << "No partitions could be reassigned.\n";
    if (seconds_left > 0) {
      out_ << "The time between rebalances must be at least min_part_hours: " << b.min_part_hours()
           << " hours (" << format_timedelta(b.min_part_seconds_left(now_)) << " remaining)\n";
    } else {
      out_ << "There is no need to do so at this time\n";
    }
    return kExitWarning;
  }
  bool cowardly = !force && !devs_changed;
  if (cowardly) {
    const bool balance_changed =
        std::abs(last_balance - result.balance) >= 1 ||
        (last_balance == RingBuilder::kMaxBalance && result.balance == RingBuilder::kMaxBalance);
    const bool dispersion_changed =
        !last_dispersion || std::abs(*last_dispersion - b.dispersion()) >= 1;
    cowardly = !(balance_changed || dispersion_changed);
  }
  if (cowardly) {
    out_ << "Cowardly refusing to save rebalance as it did not change at least 1%.\n";
    return kExitWarning;
  }
  try {
    b.validate();
  } catch (const RingValidationError& e) {
    return validation_error(e);
  }
  out_ << "Reassigned " << result.parts_moved << " ("
       << fixed2(100.0 * static_cast<double>(result.parts_moved) / static_cast<double>(b.parts()))
       << "%) partitions. Balance is now " << fixed2(result.balance) << ".  Dispersion is now "
       << fixed2(b.dispersion()) << "\n";
  int status = kExitSuccess;
  if (b.dispersion() > 0) {
    out_ << kDivider << "NOTE: Dispersion of " << fixed6(b.dispersion())
         << " indicates some parts are not\n      optimally dispersed.\n\n      You may want to "
            "adjust some device weights, increase\n      the overload or review the dispersion "
            "report.\n"
         << kDivider;
    status = kExitWarning;
  } else if (result.balance > 5 && result.balance / 100.0 > b.overload()) {
    out_ << kDivider << "NOTE: Balance of " << fixed2(result.balance)
         << " indicates you should push this \n      ring, wait at least " << b.min_part_hours()
         << " hours, and rebalance/repush.\n"
         << kDivider;
    status = kExitWarning;
  }
  save_ring_file(b.get_ring(), ring_file_);
  save();
  return status;
}

int Commands::set_overload() {
  if (argc() < 4) return fail("swift-ring-builder <builder_file> set_overload <overload>[%]");
  std::string text = args_[2];
  const bool percent = !text.empty() && text.back() == '%';
  while (!text.empty() && text.back() == '%')
    text.pop_back();
  double overload = 0;
  try {
    overload = parse_python_float(text);
  } catch (const std::invalid_argument&) {
    return fail(cat("swift-ring-builder <builder_file> set_overload <overload>[%]\n", py_repr(text),
                    " is not a valid number."));
  }
  if (percent) overload *= 0.01;
  if (overload < 0) return fail("Overload must be non-negative.");
  int status = kExitSuccess;
  if (overload > 1 && !percent) {
    out_ << "!?! Warning overload is greater than 100% !?!\n";
    status = kExitWarning;
  }
  builder_->set_overload(overload);
  out_ << "The overload factor is now " << fixed2(overload * 100) << "% (" << fixed6(overload)
       << ")\n"
       << "The change will take effect after the next rebalance.\n";
  save();
  return status;
}

int Commands::set_replicas() {
  if (argc() < 4) return fail("swift-ring-builder <builder_file> set_replicas <replicas>");
  double replicas = 0;
  try {
    replicas = parse_python_float(args_[2]);
  } catch (const std::invalid_argument&) {
    return fail(cat("swift-ring-builder <builder_file> set_replicas <replicas>\n\"", args_[2],
                    "\" is not a valid number."));
  }
  if (replicas < 1) return fail("Replica count must be at least 1.");
  builder_->set_replicas(replicas);
  out_ << "The replica count is now " << fixed6(builder_->replicas()) << ".\n"
       << "The change will take effect after the next rebalance.\n";
  return save();
}

int Commands::set_min_part_hours() {
  if (argc() < 4) return fail("swift-ring-builder <builder_file> set_min_part_hours <hours>");
  const int hours = parse_python_int(args_[2]);
  if (hours < 0) return fail("min_part_hours must be non-negative");
  builder_->change_min_part_hours(hours);
  out_ << "The minimum number of hours before a partition can be reassigned is now set to "
       << args_[2] << "\n";
  return save();
}

int Commands::pretend_min_part_hours_passed() {
  builder_->pretend_min_part_hours_passed();
  return save();
}

int Commands::write_ring() {
  if (builder_->devs().empty()) return fail("Unable to write empty ring.");
  const RingData ring = builder_->get_ring();
  if (ring.replica2part2dev.empty()) {
    out_ << "Warning: Writing a ring with no partition assignments but with devices; did you "
            "forget to run \"rebalance\"?\n";
  }
  save_ring_file(ring, ring_file_);
  return kExitSuccess;
}

int Commands::validate() {
  builder_->validate();
  return kExitSuccess;
}

int Commands::dispersion() {
  if (!builder_->ever_rebalanced()) {
    return fail(cat("Specified builder file \"", builder_file_,
                    "\" is not rebalanced yet. Please rebalance first."));
  }
  const CliOptions opts(rest(), {{0, "recalculate", false}, {'v', "verbose", false}});
  const std::string filter = opts.positional().empty() ? "" : opts.positional()[0];
  if (opts.has("recalculate")) {
    builder_->recalculate_dispersion();
    save();
  }
  return print_dispersion_report(out_, *builder_, filter, opts.has("verbose")) ? kExitWarning
                                                                               : kExitSuccess;
}

int Commands::search() {
  if (argc() < 4) return fail("swift-ring-builder <builder_file> search <search-value>");
  const CliOptions opts(rest(), kDeviceOptions);
  DeviceSearch q;
  if (!opts.positional().empty()) {
    if (new_command_format(opts) || opts.positional().size() != 1) {
      return fail("swift-ring-builder <builder_file> search <search-value>");
    }
    q = parse_search_value(opts.positional()[0]);
  } else {
    q = search_from_options(opts);
  }
  const auto devs = builder_->search_devs(q);
  if (devs.empty()) return fail("No matching devices found");
  print_device_search(out_, *builder_, devs);
  return kExitSuccess;
}

int Commands::prepare_increase_partition_power() {
  if (!builder_->prepare_increase_partition_power()) {
    return fail("Ring is already prepared for partition power increase.");
  }
  out_ << "The next partition power is now " << *builder_->state().next_part_power << ".\n"
       << "The change will take effect after the next write_ring.\n"
       << "Ensure your proxy-servers, object-replicators and \nreconstructors are using the "
          "changed rings and relink \n(using swift-object-relinker) your existing data\nbefore "
          "the partition power increase\n";
  return save();
}

int Commands::increase_partition_power() {
  if (!builder_->increase_partition_power()) {
    return fail(
        "Ring partition power cannot be increased. Either the ring\nwas not prepared yet, or this "
        "operation has already run.");
  }
  out_ << "The partition power is now " << builder_->part_power() << ".\n"
       << "The change will take effect after the next write_ring.\n";
  return save();
}

int Commands::cancel_increase_partition_power() {
  if (!builder_->cancel_increase_partition_power()) {
    return fail("Ring partition power increase cannot be canceled.");
  }
  out_ << "The next partition power is now " << *builder_->state().next_part_power << ".\n"
       << "The change will take effect after the next write_ring.\n";
  return save();
}

int Commands::finish_increase_partition_power() {
  if (!builder_->finish_increase_partition_power()) {
    return fail("Ring partition power increase cannot be finished.");
  }
  out_ << "The change will take effect after the next write_ring.\n";
  return save();
}

}  // namespace

std::string ring_builder_usage() {
  return "stacksim ring <builder_file> [<command> [arguments]]  (swift-ring-builder syntax)\n\n"
         "  <builder_file>                       show the summary and device table\n"
         "  create <part_power> <replicas> <min_part_hours>\n"
         "  add [r<region>]z<zone>-<ip>:<port>[R<r_ip>:<r_port>]/<device>_<meta> <weight> ...\n"
         "  add --region R --zone Z --ip IP --port P --device D --weight W [--meta M]\n"
         "  set_weight <search-value> <weight> ... [--yes]\n"
         "  remove <search-value> ... [--yes]\n"
         "  rebalance [--force] [--seed <seed> | <seed>]\n"
         "  set_overload <overload>[%]\n"
         "  set_replicas <replicas>\n"
         "  set_min_part_hours <hours>\n"
         "  pretend_min_part_hours_passed\n"
         "  write_ring\n"
         "  validate\n"
         "  dispersion [<search_filter>] [--verbose] [--recalculate]\n"
         "  search <search-value>\n"
         "  prepare_increase_partition_power | increase_partition_power |\n"
         "  cancel_increase_partition_power | finish_increase_partition_power\n\n"
         "Search values: d<id>r<region>z<zone>-<ip>:<port>R<r_ip>:<r_port>/<device>_<meta>\n"
         "Exit codes: 0 = operation successful\n"
         "            1 = operation completed with warnings\n"
         "            2 = error\n";
}

int run_ring_builder_command(const std::vector<std::string>& args, std::ostream& out,
                             std::ostream& err, std::int64_t now) {
  if (args.empty()) {
    out << ring_builder_usage();
    return kExitSuccess;
  }
  try {
    return Commands(args, out, err, now).run();
  } catch (const std::exception& e) {
    err << e.what() << "\n";
    return kExitError;
  }
}

}  // namespace stacksim::objectstore

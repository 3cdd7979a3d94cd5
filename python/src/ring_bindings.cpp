// Swift's ring builder and rings: create, add devices, rebalance, balance and dispersion,
// partition lookups, save/load of builder and ring files.

#include <ctime>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include "core/objectstore/builder_file.hpp"
#include "core/objectstore/ring.hpp"
#include "core/objectstore/ring_builder.hpp"
#include "python/src/bindings.hpp"

namespace py = pybind11;

namespace stacksim::objectstore {
namespace {

py::dict device_dict(const Device& d) {
  py::dict out;
  out["id"] = d.id;
  out["region"] = d.region;
  out["zone"] = d.zone;
  out["ip"] = d.ip;
  out["port"] = d.port;
  out["replication_ip"] = d.replication_ip;
  out["replication_port"] = d.replication_port;
  out["device"] = d.device;
  out["weight"] = d.weight;
  out["meta"] = d.meta;
  out["parts"] = d.parts;
  out["parts_wanted"] = d.parts_wanted;
  return out;
}

py::list node_list(const std::vector<RingNode>& nodes) {
  py::list out;
  for (const auto& n : nodes) {
    py::dict d = device_dict(n.device);
    if (n.index >= 0) d["index"] = n.index;
    if (n.handoff_index >= 0) d["handoff_index"] = n.handoff_index;
    out.append(d);
  }
  return out;
}

/// The replica -> partition -> device table as a (replicas, partitions) uint16 array; a shorter
/// last row (fractional replicas) is padded with 0xffff (no device).
py::array part_table(const std::vector<std::vector<std::uint16_t>>& rows) {
  std::size_t parts = 0;
  for (const auto& r : rows)
    parts = std::max(parts, r.size());
  py::array_t<std::uint16_t> out({rows.size(), parts});
  auto view = out.mutable_unchecked<2>();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t p = 0; p < parts; ++p) {
      view(static_cast<py::ssize_t>(r), static_cast<py::ssize_t>(p)) =
          p < rows[r].size() ? rows[r][p] : kNoneDev;
    }
  }
  return out;
}

}  // namespace
}  // namespace stacksim::objectstore

namespace stacksim::python {

void bind_rings(py::module_& m) {
  using namespace objectstore;
  py::class_<Ring>(m, "Ring",
                   "A built ring (Swift's Ring): where accounts/containers/objects live.")
      .def_static(
          "load",
          [](const std::filesystem::path& path, const std::string& prefix,
             const std::string& suffix) {
            return Ring::load(path, HashPathConfig{prefix, suffix});
          },
          py::arg("path"), py::arg("hash_path_prefix") = "", py::arg("hash_path_suffix") = "")
      .def_property_readonly("part_power", &Ring::part_power)
      .def_property_readonly("partition_count", &Ring::partition_count)
      .def_property_readonly("replica_count", &Ring::replica_count)
      .def_property_readonly("device_count", &Ring::device_count)
      .def(
          "get_nodes",
          [](const Ring& r, const std::string& account, const std::string& container,
             const std::string& object) {
            if (!object.empty() && container.empty())
              throw py::value_error("an object needs a container");
            auto [part, nodes] = r.get_nodes(account, container, object);
            return py::make_tuple(part, node_list(nodes));
          },
          py::arg("account"), py::arg("container") = "", py::arg("obj") = "",
          "(partition, primary devices) of a path, like Swift's Ring.get_nodes.")
      .def(
          "get_more_nodes",
          [](const Ring& r, std::uint32_t part, std::size_t limit) {
            if (static_cast<std::int64_t>(part) >= r.partition_count())
              throw py::index_error("partition out of range");
            return node_list(r.get_more_nodes(part, limit));
          },
          py::arg("part"), py::arg("limit") = 10);

  py::class_<RebalanceResult>(m, "RebalanceResult")
      .def_readonly("parts_moved", &RebalanceResult::parts_moved)
      .def_readonly("balance", &RebalanceResult::balance)
      .def_readonly("removed_devices", &RebalanceResult::removed_devices)
      .def_readonly("rounds", &RebalanceResult::rounds)
      .def_readonly("finished", &RebalanceResult::finished)
      .def("__repr__", [](const RebalanceResult& r) {
        return "<RebalanceResult parts_moved=" + std::to_string(r.parts_moved) +
               " balance=" + std::to_string(r.balance) + ">";
      });

  py::class_<RingBuilder>(m, "RingBuilder",
                          "Swift's RingBuilder; same seed, same assignment as Swift's.")
      .def(py::init<int, double, int>(), py::arg("part_power"), py::arg("replicas"),
           py::arg("min_part_hours"))
      .def_static("load", &load_builder, py::arg("path"), "Loads a builder saved by save().")
      .def(
          "save",
          [](const RingBuilder& b, const std::filesystem::path& path) { save_builder(b, path); },
          py::arg("path"))
      .def(
          "add_dev",
          [](RingBuilder& b, int region, int zone, const std::string& ip, int port,
             const std::string& device, double weight, const std::string& meta, int id,
             const std::string& replication_ip, int replication_port) {
            if (weight < 0) throw py::value_error("weight must be >= 0");
            Device d;
            d.id = id;
            d.region = region;
            d.zone = zone;
            d.ip = ip;
            d.port = port;
            d.device = device;
            d.weight = weight;
            d.meta = meta;
            d.replication_ip = replication_ip.empty() ? ip : replication_ip;
            d.replication_port = replication_port == 0 ? port : replication_port;
            return b.add_dev(std::move(d));
          },
          py::arg("region") = 1, py::arg("zone"), py::arg("ip"), py::arg("port"), py::arg("device"),
          py::arg("weight"), py::arg("meta") = "", py::arg("id") = -1,
          py::arg("replication_ip") = "", py::arg("replication_port") = 0,
          "Adds a device; returns its id.")
      .def("set_dev_weight", &RingBuilder::set_dev_weight, py::arg("id"), py::arg("weight"))
      .def("remove_dev", &RingBuilder::remove_dev, py::arg("id"))
      .def("set_overload", &RingBuilder::set_overload, py::arg("overload"))
      .def("pretend_min_part_hours_passed", &RingBuilder::pretend_min_part_hours_passed)
      .def(
          "rebalance",
          [](RingBuilder& b, std::uint64_t seed, std::optional<std::int64_t> now) {
            return b.rebalance(seed, now ? *now : static_cast<std::int64_t>(std::time(nullptr)));
          },
          py::arg("seed") = 0, py::arg("now") = std::nullopt,
          "Rebalances like Swift's rebalance(seed=seed) at `now` (epoch seconds; default: the "
          "current time, which min_part_hours is measured against).")
      .def("validate", &RingBuilder::validate)
      .def_property_readonly("part_power", &RingBuilder::part_power)
      .def_property_readonly("parts", &RingBuilder::parts)
      .def_property_readonly("replicas", &RingBuilder::replicas)
      .def_property_readonly("min_part_hours", &RingBuilder::min_part_hours)
      .def_property_readonly("version", &RingBuilder::version)
      .def("get_balance", &RingBuilder::get_balance)
      .def("get_required_overload", &RingBuilder::get_required_overload)
      .def(
          "dispersion",
          [](RingBuilder& b) {
            b.recalculate_dispersion();
            return b.dispersion();
          },
          "Percent of partition-replicas at risk (recomputed from the assignment).")
      .def("balance_per_dev", &RingBuilder::balance_per_dev)
      .def("devices",
           [](const RingBuilder& b) {
             py::list out;
             for (const auto& d : b.devs()) {
               if (d) out.append(device_dict(*d));
             }
             return out;
           })
      .def(
          "part_table", [](const RingBuilder& b) { return part_table(b.state().replica2part2dev); },
          "(replicas, partitions) uint16 array of device ids (0xffff: none).")
      .def(
          "get_part_devices",
          [](const RingBuilder& b, std::int64_t part) {
            if (!b.ever_rebalanced()) throw py::value_error("the builder was never rebalanced");
            if (part < 0 || part >= b.parts()) throw py::index_error("partition out of range");
            py::list out;
            for (const Device* d : b.get_part_devices(part))
              out.append(device_dict(*d));
            return out;
          },
          py::arg("part"))
      .def(
          "get_ring",
          [](const RingBuilder& b, const std::string& prefix, const std::string& suffix) {
            if (!b.ever_rebalanced()) throw py::value_error("the builder was never rebalanced");
            return Ring(b.get_ring(), HashPathConfig{prefix, suffix});
          },
          py::arg("hash_path_prefix") = "", py::arg("hash_path_suffix") = "")
      .def(
          "write_ring",
          [](const RingBuilder& b, const std::filesystem::path& path) {
            if (!b.ever_rebalanced()) throw py::value_error("the builder was never rebalanced");
            return save_ring_file(b.get_ring(), path);
          },
          py::arg("path"), "Writes the .ring.gz file; returns its MD5.");
}

}  // namespace stacksim::python

#include "live/domain_xml.hpp"

#include <charconv>
#include <set>
#include <sstream>

#include "core/runtime/service_error.hpp"

namespace stacksim::live {
namespace {

[[noreturn]] void invalid(const runtime::InstanceSpec& spec, const std::string& problem) {
  throw runtime::ServiceError("InvalidRequest", 400, "instance " + spec.uuid + ": " + problem);
}

int extra_spec_int(const runtime::InstanceSpec& spec, const std::string& key, int fallback) {
  auto it = spec.extra_specs.find(key);
  if (it == spec.extra_specs.end()) return fallback;
  int value = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    invalid(spec, "extra spec " + key + "='" + text + "' is not a positive integer");
  }
  return value;
}

// Nova's hw:cpu_sockets/cores/threads: unspecified parts are derived so the product is vCPUs.
void write_cpu_topology(std::ostringstream& out, const runtime::InstanceSpec& spec) {
  const bool any = spec.extra_specs.contains("hw:cpu_sockets") ||
                   spec.extra_specs.contains("hw:cpu_cores") ||
                   spec.extra_specs.contains("hw:cpu_threads");
  if (!any) return;
  const int threads = extra_spec_int(spec, "hw:cpu_threads", 1);
  int cores = extra_spec_int(spec, "hw:cpu_cores", 0);
  int sockets = extra_spec_int(spec, "hw:cpu_sockets", 0);
  if (cores == 0) cores = sockets == 0 ? 1 : spec.vcpus / std::max(1, sockets * threads);
  if (sockets == 0) sockets = spec.vcpus / std::max(1, cores * threads);
  if (sockets * cores * threads != spec.vcpus) {
    invalid(spec, "CPU topology " + std::to_string(sockets) + " sockets x " +
                      std::to_string(cores) + " cores x " + std::to_string(threads) +
                      " threads does not make " + std::to_string(spec.vcpus) + " vCPUs");
  }
  out << "  <cpu><topology sockets='" << sockets << "' dies='1' cores='" << cores << "' threads='"
      << threads << "'/></cpu>\n";
}

void write_metadata(std::ostringstream& out, const runtime::InstanceSpec& spec) {
  out << "  <metadata>\n    <stacksim:instance xmlns:stacksim='" << metadata_namespace << "'>\n"
      << "      <stacksim:name>" << xml_escape(spec.name) << "</stacksim:name>\n"
      << "      <stacksim:flavor vcpus='" << spec.vcpus << "' memory_mb='" << spec.memory_mb
      << "' root_gb='" << spec.root_gb << "' ephemeral_gb='" << spec.ephemeral_gb << "' swap_mb='"
      << spec.swap_mb << "'/>\n"
      << "      <stacksim:image id='" << xml_escape(spec.image.id) << "' disk_format='"
      << xml_escape(spec.image.disk_format) << "' size_bytes='" << spec.image.size_bytes << "'/>\n"
      << "      <stacksim:ports>\n";
  for (const runtime::NicSpec& nic : spec.nics) {
    out << "        <stacksim:port id='" << xml_escape(nic.port_id) << "' mac='"
        << xml_escape(nic.mac_address) << "' network='" << xml_escape(nic.network_id) << "'/>\n";
  }
  out << "      </stacksim:ports>\n    </stacksim:instance>\n  </metadata>\n";
}

void write_interface(std::ostringstream& out, const runtime::NicSpec& nic,
                     const DomainOptions& options) {
  const std::string& bridge = nic.bridge.empty() ? options.integration_bridge : nic.bridge;
  out << "    <interface type='bridge'>\n";
  if (!nic.mac_address.empty()) {
    out << "      <mac address='" << xml_escape(nic.mac_address) << "'/>\n";
  }
  out << "      <source bridge='" << xml_escape(bridge) << "'/>\n"
      << "      <virtualport type='openvswitch'><parameters interfaceid='"
      << xml_escape(nic.port_id) << "'/></virtualport>\n"
      << "      <target dev='" << xml_escape(tap_name(nic.port_id)) << "'/>\n"
      << "      <model type='virtio'/>\n    </interface>\n";
}

}  // namespace

std::string domain_name(std::string_view uuid) {
  return "instance-" + std::string(uuid);
}

std::string tap_name(std::string_view port_id) {
  return "tap" + std::string(port_id.substr(0, 11));
}

std::string device_target(std::string_view device_name) {
  const std::size_t slash = device_name.rfind('/');
  return std::string(slash == std::string_view::npos ? device_name : device_name.substr(slash + 1));
}

std::string virtio_disk_name(std::size_t index) {
  // Spreadsheet-column naming, as the Linux kernel names virtio disks.
  std::string suffix;
  std::size_t n = index + 1;
  while (n > 0) {
    --n;
    suffix.insert(suffix.begin(), static_cast<char>('a' + n % 26));
    n /= 26;
  }
  return "vd" + suffix;
}

DiskDevice volume_disk(const runtime::VolumeConnection& connection) {
  DiskDevice disk;
  disk.source =
      connection.target.starts_with("/dev/") ? DiskDevice::Source::block : DiskDevice::Source::file;
  disk.path = connection.target;
  disk.target = device_target(connection.device_name);
  disk.serial = connection.volume_id;
  return disk;
}

std::string disk_xml(const DiskDevice& disk) {
  std::ostringstream out;
  const char* type = disk.source == DiskDevice::Source::volume  ? "volume"
                     : disk.source == DiskDevice::Source::block ? "block"
                                                                : "file";
  out << "<disk type='" << type << "' device='disk'>"
      << "<driver name='qemu' type='" << xml_escape(disk.format) << "' cache='none'/>";
  switch (disk.source) {
    case DiskDevice::Source::volume:
      out << "<source pool='" << xml_escape(disk.pool) << "' volume='" << xml_escape(disk.volume)
          << "'/>";
      break;
    case DiskDevice::Source::block:
      out << "<source dev='" << xml_escape(disk.path) << "'/>";
      break;
    case DiskDevice::Source::file:
      out << "<source file='" << xml_escape(disk.path) << "'/>";
      break;
  }
  out << "<target dev='" << xml_escape(disk.target) << "' bus='virtio'/>";
  if (!disk.serial.empty()) out << "<serial>" << xml_escape(disk.serial) << "</serial>";
  out << "</disk>";
  return out.str();
}

std::string domain_xml(const runtime::InstanceSpec& spec, const DomainOptions& options) {
  if (spec.uuid.empty()) invalid(spec, "has no UUID");
  if (spec.vcpus <= 0 || spec.memory_mb <= 0) {
    invalid(spec, "needs at least one vCPU and some memory (flavor has " +
                      std::to_string(spec.vcpus) + " vCPUs, " + std::to_string(spec.memory_mb) +
                      " MiB)");
  }
  std::ostringstream out;
  out << "<domain type='" << xml_escape(options.domain_type) << "'>\n"
      << "  <name>" << xml_escape(domain_name(spec.uuid)) << "</name>\n"
      << "  <uuid>" << xml_escape(spec.uuid) << "</uuid>\n";
  if (!spec.name.empty()) out << "  <title>" << xml_escape(spec.name) << "</title>\n";
  write_metadata(out, spec);
  out << "  <memory unit='MiB'>" << spec.memory_mb << "</memory>\n"
      << "  <vcpu>" << spec.vcpus << "</vcpu>\n";
  auto shares = spec.extra_specs.find("quota:cpu_shares");
  if (shares != spec.extra_specs.end()) {
    out << "  <cputune><shares>" << extra_spec_int(spec, "quota:cpu_shares", 0)
        << "</shares></cputune>\n";
  }
  write_cpu_topology(out, spec);
  out << "  <os><type arch='x86_64'";
  if (!options.machine.empty()) out << " machine='" << xml_escape(options.machine) << "'";
  out << ">hvm</type><boot dev='hd'/></os>\n"
      << "  <features><acpi/><apic/></features>\n"
      << "  <clock offset='utc'/>\n"
      << "  <on_poweroff>destroy</on_poweroff><on_reboot>restart</on_reboot>"
      << "<on_crash>destroy</on_crash>\n"
      << "  <devices>\n";
  if (!options.emulator.empty()) {
    out << "    <emulator>" << xml_escape(options.emulator) << "</emulator>\n";
  }
  std::set<std::string> targets;
  auto add_disk = [&](const DiskDevice& disk) {
    if (!targets.insert(disk.target).second) {
      invalid(spec, "two disks on device " + disk.target);
    }
    out << "    " << disk_xml(disk) << "\n";
  };
  for (const DiskDevice& disk : options.local_disks)
    add_disk(disk);
  for (const runtime::VolumeConnection& volume : spec.volumes)
    add_disk(volume_disk(volume));
  for (const runtime::NicSpec& nic : spec.nics)
    write_interface(out, nic, options);
  out << "    <memballoon model='none'/>\n  </devices>\n</domain>\n";
  return out.str();
}

}  // namespace stacksim::live

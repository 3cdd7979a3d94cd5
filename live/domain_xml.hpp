#pragma once
// Domain XML from an InstanceSpec (flavor + image + ports + volumes), the way Nova's libvirt driver
// builds its guest config: UUID = instance UUID, one <disk> per local disk and attached volume (the
// volume ID as its serial), one OVS-plugged <interface> per port with Neutron's port ID as
// interfaceid, and stacksim's own <metadata> so reconciliation can tell its domains from others.

#include <string>
#include <string_view>
#include <vector>

#include "core/runtime/hypervisor_driver.hpp"
#include "core/runtime/xml_escape.hpp"

namespace stacksim::live {

/// XML namespace of stacksim's domain <metadata>; domains without it are not ours.
inline constexpr std::string_view metadata_namespace = "https://stacksim.dev/xmlns/instance/1.0";

/// One block device of a domain.
struct DiskDevice {
  enum class Source { volume, file, block };
  Source source = Source::volume;
  std::string pool;    // Source::volume
  std::string volume;  // Source::volume
  std::string path;    // Source::file, Source::block
  std::string target;  // guest device, e.g. "vda"
  std::string format = "raw";
  std::string serial;  // Cinder volume ID for attached volumes
};

struct DomainOptions {
  std::string domain_type = "qemu";           // "qemu" is TCG: no /dev/kvm needed
  std::string emulator;                       // empty: libvirt's default for the architecture
  std::string machine;                        // empty: libvirt's default machine type
  std::string integration_bridge = "br-int";  // for NICs that name no bridge
  std::vector<DiskDevice> local_disks;        // root, ephemeral, swap (already created)
};

/// "instance-<uuid>": unique per host and recognisable in `virsh list`.
[[nodiscard]] std::string domain_name(std::string_view uuid);
/// Nova's tap device name: "tap" + the first 11 characters of the port ID.
[[nodiscard]] std::string tap_name(std::string_view port_id);
/// "/dev/vdb" -> "vdb".
[[nodiscard]] std::string device_target(std::string_view device_name);
/// The guest device after `count` virtio disks: 0 -> "vda", 1 -> "vdb", ... 26 -> "vdaa".
[[nodiscard]] std::string virtio_disk_name(std::size_t index);

/// A Cinder volume's connection as a disk (a block device path, else a file).
[[nodiscard]] DiskDevice volume_disk(const runtime::VolumeConnection& connection);

[[nodiscard]] std::string disk_xml(const DiskDevice& disk);
/// Throws runtime::ServiceError("InvalidRequest") on an inconsistent spec (e.g. a CPU topology in
/// the flavor's extra specs that does not multiply to its vCPUs, or two disks on one device).
[[nodiscard]] std::string domain_xml(const runtime::InstanceSpec& spec,
                                     const DomainOptions& options);

using runtime::xml_escape;

}  // namespace stacksim::live

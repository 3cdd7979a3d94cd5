#pragma once
// One entry of a boot request's block_device_mapping_v2 (Nova's BDM v2): a volume attached at boot,
// either an existing volume or one created from an image, a snapshot or blank. boot_index 0 is the
// root disk (boot from volume); -1 means not bootable.

#include <cstdint>
#include <string>

namespace stacksim::compute {

struct BlockDeviceMapping {
  std::string source_type = "volume";  // volume | image | snapshot | blank
  std::string destination_type = "volume";
  std::string uuid;              // the source's id (empty for blank)
  std::int64_t volume_size = 0;  // GiB of the volume to create (image, snapshot, blank sources)
  int boot_index = -1;
  bool delete_on_termination = false;
};

}  // namespace stacksim::compute

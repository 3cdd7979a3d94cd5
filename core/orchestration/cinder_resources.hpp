#pragma once
// OS::Cinder::Volume and OS::Cinder::VolumeAttachment over the volume service. A volume waits for
// Cinder's creation to end (available, or error: the resource fails), an attachment goes through
// Nova's os-volume_attachments (ServerVolumes: reserve, export to the server's host, hand the disk
// to the hypervisor) and waits for the volume to be in-use; delete detaches, then (the attachment
// depends on the volume, so it goes first) the volume is deleted.

#include "core/orchestration/plugin_registry.hpp"

namespace stacksim::orchestration {

void add_cinder_resources(PluginRegistry& registry);

}  // namespace stacksim::orchestration

#include <catch2/catch.hpp>

#include "core/runtime/service_error.hpp"
#include "live/domain_xml.hpp"

using namespace stacksim;
using live::DiskDevice;

namespace {

runtime::InstanceSpec m1_small() {
  runtime::InstanceSpec spec;
  spec.uuid = "6f1c7d0e-1b2a-4c3d-8e4f-5a6b7c8d9e0f";
  spec.name = "web-1 <prod>";
  spec.vcpus = 2;
  spec.memory_mb = 2048;
  spec.root_gb = 20;
  spec.image = {"cirros-0.6", 21430272, "qcow2", ""};
  spec.nics.push_back({"3b2f1a90-aaaa-bbbb-cccc-000000000001", "fa:16:3e:11:22:33", "net-1", ""});
  spec.volumes.push_back({"vol-1", "/dev/vdc", "/dev/mapper/cinder--volumes-vol1", 10});
  return spec;
}

}  // namespace

TEST_CASE("domain xml: flavor, image, ports and volumes become the guest definition") {
  live::DomainOptions options;
  options.local_disks.push_back({DiskDevice::Source::volume, "default-pool",
                                 "6f1c7d0e-1b2a-4c3d-8e4f-5a6b7c8d9e0f_disk", "", "vda", "raw",
                                 ""});
  const std::string xml = live::domain_xml(m1_small(), options);
  CHECK_THAT(xml, Catch::Contains("<domain type='qemu'>"));
  CHECK_THAT(xml, Catch::Contains("<name>instance-6f1c7d0e-1b2a-4c3d-8e4f-5a6b7c8d9e0f</name>"));
  CHECK_THAT(xml, Catch::Contains("<uuid>6f1c7d0e-1b2a-4c3d-8e4f-5a6b7c8d9e0f</uuid>"));
  CHECK_THAT(xml, Catch::Contains("<title>web-1 &lt;prod&gt;</title>"));
  CHECK_THAT(xml, Catch::Contains("<memory unit='MiB'>2048</memory>"));
  CHECK_THAT(xml, Catch::Contains("<vcpu>2</vcpu>"));
  CHECK_THAT(xml, Catch::Contains("xmlns:stacksim='https://stacksim.dev/xmlns/instance/1.0'"));
  CHECK_THAT(xml, Catch::Contains("<stacksim:image id='cirros-0.6'"));
  CHECK_THAT(xml, Catch::Contains("<source pool='default-pool' volume='6f1c7d0e-1b2a-4c3d-8e4f-"
                                  "5a6b7c8d9e0f_disk'/><target dev='vda' bus='virtio'/>"));
  CHECK_THAT(xml, Catch::Contains("<disk type='block' device='disk'>"));
  CHECK_THAT(xml, Catch::Contains("<source dev='/dev/mapper/cinder--volumes-vol1'/><target "
                                  "dev='vdc' bus='virtio'/><serial>vol-1</serial>"));
  CHECK_THAT(xml, Catch::Contains("<source bridge='br-int'/>"));
  CHECK_THAT(xml, Catch::Contains("interfaceid='3b2f1a90-aaaa-bbbb-cccc-000000000001'"));
  CHECK_THAT(xml, Catch::Contains("<target dev='tap3b2f1a90-aa'/>"));
  CHECK_THAT(xml, Catch::Contains("<mac address='fa:16:3e:11:22:33'/>"));
}

TEST_CASE("domain xml: extra specs set CPU topology and shares, bad ones are rejected") {
  runtime::InstanceSpec spec = m1_small();
  spec.vcpus = 8;
  spec.extra_specs = {
      {"hw:cpu_sockets", "2"}, {"hw:cpu_threads", "2"}, {"quota:cpu_shares", "512"}};
  const std::string xml = live::domain_xml(spec, {});
  CHECK_THAT(xml, Catch::Contains("<topology sockets='2' dies='1' cores='2' threads='2'/>"));
  CHECK_THAT(xml, Catch::Contains("<shares>512</shares>"));

  spec.extra_specs = {{"hw:cpu_sockets", "3"}};
  CHECK_THROWS_WITH(live::domain_xml(spec, {}), Catch::Contains("does not make 8 vCPUs"));
  spec.extra_specs = {{"hw:cpu_cores", "two"}};
  CHECK_THROWS_AS(live::domain_xml(spec, {}), runtime::ServiceError);
}

TEST_CASE("domain xml: device names follow the kernel's virtio naming, duplicates fail") {
  CHECK(live::virtio_disk_name(0) == "vda");
  CHECK(live::virtio_disk_name(25) == "vdz");
  CHECK(live::virtio_disk_name(26) == "vdaa");
  CHECK(live::device_target("/dev/vdb") == "vdb");
  runtime::InstanceSpec spec = m1_small();
  spec.volumes.push_back({"vol-2", "/dev/vdc", "/tmp/vol2.img", 1});
  CHECK_THROWS_WITH(live::domain_xml(spec, {}), Catch::Contains("two disks on device vdc"));
}

#pragma once
// The control plane's beliefs for the reconciliation tests: a small file-backed record per
// instance (uuid, host, vm_state, power state) and the ports it binds, standing in for
// core/compute's database. File-backed so that a control-plane process that is killed and
// restarted finds what it had committed, as a real database would.

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/runtime/expected_state.hpp"

namespace stacksim::live::testing {

class RecordedState final : public runtime::ExpectedState {
 public:
  struct Record {
    std::string host;
    runtime::VmState vm_state = runtime::VmState::building;
    runtime::PowerState power = runtime::PowerState::no_state;
    std::string fault;
  };

  explicit RecordedState(std::string file) : file_(std::move(file)) { load(); }

  void put(const std::string& uuid, Record record) {
    records_[uuid] = std::move(record);
    save();
  }
  [[nodiscard]] const Record& at(const std::string& uuid) const { return records_.at(uuid); }
  std::vector<runtime::PortSpec> ports;

  runtime::Task<std::vector<runtime::ExpectedInstance>> instances_on(std::string host) override {
    std::vector<runtime::ExpectedInstance> out;
    for (const auto& [uuid, r] : records_) {
      if (r.host == host) out.push_back({uuid, r.vm_state, false, r.power});
    }
    co_return out;
  }
  runtime::Task<std::vector<runtime::PortSpec>> ports_on(std::string host) override {
    std::vector<runtime::PortSpec> out = ports;
    (void)host;
    co_return out;
  }
  runtime::Task<void> record_power_state(std::string uuid, runtime::PowerState observed) override {
    records_.at(uuid).power = observed;
    save();
    co_return;
  }
  runtime::Task<void> mark_stopped(std::string uuid) override {
    records_.at(uuid).vm_state = runtime::VmState::stopped;
    save();
    co_return;
  }
  runtime::Task<void> mark_error(std::string uuid, std::string reason) override {
    records_.at(uuid).vm_state = runtime::VmState::error;
    records_.at(uuid).fault = reason;
    save();
    co_return;
  }

 private:
  void load() {
    std::ifstream in(file_);
    std::string uuid;
    Record r;
    int vm = 0;
    int power = 0;
    while (in >> uuid >> r.host >> vm >> power) {
      r.vm_state = static_cast<runtime::VmState>(vm);
      r.power = static_cast<runtime::PowerState>(power);
      records_[uuid] = r;
    }
  }
  void save() const {
    std::ofstream out(file_ + ".tmp", std::ios::trunc);
    for (const auto& [uuid, r] : records_) {
      out << uuid << ' ' << r.host << ' ' << static_cast<int>(r.vm_state) << ' '
          << static_cast<int>(r.power) << '\n';
    }
    out.close();
    std::rename((file_ + ".tmp").c_str(), file_.c_str());  // atomic, like a commit
  }

  std::string file_;
  std::map<std::string, Record> records_;
};

}  // namespace stacksim::live::testing

#include "live/openflow_version.hpp"

namespace stacksim::live {

bool needs_openflow13(const runtime::FlowTable& table) {
  for (const runtime::FlowRule& rule : table.rules) {
    if (rule.table != 0) return true;
    for (const std::string& action : rule.actions)
      if (action.starts_with("goto_table")) return true;
  }
  return false;
}

}  // namespace stacksim::live

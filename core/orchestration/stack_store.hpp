#pragma once
// Stacks, their resources and events in SQLite (migration component "orchestration").

#include <optional>
#include <string>
#include <vector>

#include "core/orchestration/stack.hpp"
#include "core/store/database.hpp"

namespace stacksim::orchestration {

class StackStore {
 public:
  explicit StackStore(store::Database& db);

  void save_stack(const Stack& stack);
  [[nodiscard]] std::optional<Stack> find_stack(const std::string& id) const;
  [[nodiscard]] std::optional<Stack> find_stack_by_name(const std::string& name) const;
  [[nodiscard]] std::vector<Stack> list_stacks() const;
  void delete_stack(const std::string& id);

  void save_resource(const std::string& stack_id, const StackResource& resource);
  void delete_resource(const std::string& stack_id, const std::string& name);
  /// In creation order.
  [[nodiscard]] std::vector<StackResource> resources(const std::string& stack_id) const;

  void add_event(StackEvent event);
  [[nodiscard]] std::vector<StackEvent> events(const std::string& stack_id) const;

 private:
  store::Database& db_;
};

}  // namespace stacksim::orchestration

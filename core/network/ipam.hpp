#pragma once
// IP address management, as Neutron's internal IPAM driver does it for one subnet: addresses come
// from the subnet's allocation pools, never twice; a requested address must be free (it may lie
// outside the pools, as for routers' gateway ports); an automatic allocation takes the lowest free
// pool address (stacksim's deterministic choice where Neutron picks at random among free ones) and
// fails with IpAddressGenerationFailure when the pools are exhausted. Pools may span a whole IPv6
// /64: the search walks the ordered allocations, never the address space.

#include <optional>
#include <string>
#include <vector>

#include "core/network/ip_address.hpp"
#include "core/store/database.hpp"

namespace stacksim::network {

struct AddressRange {
  IpAddress first;
  IpAddress last;
};

class Ipam {
 public:
  explicit Ipam(store::Database& db) : db_(db) {}

  /// The subnet's pools in order.
  [[nodiscard]] std::vector<AddressRange> pools(const std::string& subnet_id);
  void set_pools(const std::string& subnet_id, const std::vector<AddressRange>& pools);

  /// Records `ip` on `subnet_id` for `port_id`; IpAddressInUse if it is taken.
  void allocate(const std::string& subnet_id, const std::string& network_id, const IpAddress& ip,
                const std::string& port_id);
  /// The lowest free pool address, or nullopt when every pool is full.
  [[nodiscard]] std::optional<IpAddress> lowest_free(const std::string& subnet_id);
  /// lowest_free + allocate; IpAddressGenerationFailure naming the network when exhausted.
  IpAddress allocate_next(const std::string& subnet_id, const std::string& network_id,
                          const std::string& port_id);
  [[nodiscard]] bool in_use(const std::string& subnet_id, const IpAddress& ip);
  void release(const std::string& subnet_id, const IpAddress& ip);
  void release_port(const std::string& port_id);
  /// How many addresses of the subnet are allocated.
  [[nodiscard]] std::int64_t allocated_count(const std::string& subnet_id);

 private:
  store::Database& db_;
};

}  // namespace stacksim::network

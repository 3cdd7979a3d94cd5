#pragma once
// A blocking OVSDB JSON-RPC client (RFC 7047) over a unix or TCP socket ("unix:PATH",
// "tcp:HOST:PORT"). Requests are serialized; while waiting for a reply it answers the server's
// "echo" keepalives and skips notifications. Call from blocking-call workers only.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "live/json_stream_splitter.hpp"
#include "live/ovsdb_error.hpp"

namespace stacksim::live {

class OvsdbClient {
 public:
  explicit OvsdbClient(std::string endpoint,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));
  OvsdbClient(const OvsdbClient&) = delete;
  OvsdbClient& operator=(const OvsdbClient&) = delete;
  ~OvsdbClient();

  [[nodiscard]] const std::string& endpoint() const noexcept { return endpoint_; }
  [[nodiscard]] bool connected() const;

  /// Connects (closing a previous connection). Throws OvsdbError (unavailable).
  void connect();
  void close();

  /// One request; returns its "result". A transport failure closes the connection and throws
  /// OvsdbError (unavailable); an error reply throws OvsdbError("OvsdbError").
  nlohmann::json request(const std::string& method, nlohmann::json params);

  std::vector<std::string> list_dbs();
  /// Runs `operations` as one transaction on `database`; returns one result per operation.
  /// Throws OvsdbError (transaction failed) naming the failing operation and OVSDB's error.
  nlohmann::json transact(const std::string& database, const nlohmann::json& operations);

 private:
  void send_locked(const nlohmann::json& message);
  nlohmann::json receive_locked(std::int64_t id);
  [[noreturn]] void fail_locked(const std::string& why);

  const std::string endpoint_;
  const std::chrono::milliseconds timeout_;
  mutable std::mutex mutex_;
  int fd_ = -1;
  std::int64_t next_id_ = 1;
  JsonStreamSplitter splitter_;
};

}  // namespace stacksim::live

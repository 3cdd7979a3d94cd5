#include "live/ovsdb_client.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace stacksim::live {
namespace {

using nlohmann::json;

std::string errno_text() {
  return std::strerror(errno);
}

int connect_unix(const std::string& endpoint, const std::string& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path)) {
    throw OvsdbError::unavailable(
        endpoint,
        "socket path is longer than " + std::to_string(sizeof(address.sun_path) - 1) + " bytes");
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw OvsdbError::unavailable(endpoint, errno_text());
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    const std::string why = errno_text();
    ::close(fd);
    throw OvsdbError::unavailable(endpoint, why);
  }
  return fd;
}

int connect_tcp(const std::string& endpoint, const std::string& target) {
  const std::size_t colon = target.rfind(':');
  if (colon == std::string::npos) {
    throw OvsdbError::unavailable(endpoint, "expected tcp:HOST:PORT");
  }
  const std::string host = target.substr(0, colon);
  const std::string port = target.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    throw OvsdbError::unavailable(endpoint, gai_strerror(rc));
  }
  std::string why = "no address";
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0) {
      ::freeaddrinfo(found);
      return fd;
    }
    why = errno_text();
    ::close(fd);
  }
  ::freeaddrinfo(found);
  throw OvsdbError::unavailable(endpoint, why);
}

}  // namespace

OvsdbClient::OvsdbClient(std::string endpoint, std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), timeout_(timeout) {
}

OvsdbClient::~OvsdbClient() {
  close();
}

bool OvsdbClient::connected() const {
  std::lock_guard lock(mutex_);
  return fd_ >= 0;
}

void OvsdbClient::connect() {
  int fd = -1;
  if (endpoint_.starts_with("unix:")) {
    fd = connect_unix(endpoint_, endpoint_.substr(5));
  } else if (endpoint_.starts_with("tcp:")) {
    fd = connect_tcp(endpoint_, endpoint_.substr(4));
  } else {
    throw OvsdbError::unavailable(endpoint_, "endpoint must be unix:PATH or tcp:HOST:PORT");
  }
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  splitter_ = JsonStreamSplitter();
}

void OvsdbClient::close() {
  std::lock_guard lock(mutex_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void OvsdbClient::fail_locked(const std::string& why) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  throw OvsdbError::unavailable(endpoint_, why);
}

void OvsdbClient::send_locked(const json& message) {
  const std::string text = message.dump();
  std::size_t sent = 0;
  while (sent < text.size()) {
    const ssize_t n = ::send(fd_, text.data() + sent, text.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail_locked("send failed: " + errno_text());
    sent += static_cast<std::size_t>(n);
  }
}

json OvsdbClient::receive_locked(std::int64_t id) {
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  std::array<char, 65536> chunk{};
  for (;;) {
    while (auto text = splitter_.next()) {
      json message;
      try {
        message = json::parse(*text);
      } catch (const json::parse_error& e) {
        fail_locked(std::string("malformed JSON-RPC message: ") + e.what());
      }
      const json& method = message.contains("method") ? message["method"] : json();
      if (method == "echo") {  // the server's keepalive: answer with the same params
        send_locked({{"result", message.value("params", json::array())},
                     {"error", nullptr},
                     {"id", message["id"]}});
        continue;
      }
      if (!method.is_null() || !message.contains("id") || message["id"] != id) continue;
      if (message.contains("error") && !message["error"].is_null()) {
        throw OvsdbError(
            "OvsdbError", 500,
            "OVSDB server " + endpoint_ + " refused request: " + message["error"].dump());
      }
      return message.value("result", json());
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0)
      fail_locked("no reply within " + std::to_string(timeout_.count()) + " ms");
    pollfd p{fd_, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) fail_locked("poll failed: " + errno_text());
    if (ready == 0) continue;
    const ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) fail_locked("connection closed by the server");
    if (n < 0) fail_locked("receive failed: " + errno_text());
    splitter_.feed(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
  }
}

json OvsdbClient::request(const std::string& method, json params) {
  std::lock_guard lock(mutex_);
  if (fd_ < 0) throw OvsdbError::unavailable(endpoint_, "not connected");
  const std::int64_t id = next_id_++;
  send_locked({{"method", method}, {"params", std::move(params)}, {"id", id}});
  return receive_locked(id);
}

std::vector<std::string> OvsdbClient::list_dbs() {
  return request("list_dbs", json::array()).get<std::vector<std::string>>();
}

json OvsdbClient::transact(const std::string& database, const json& operations) {
  json params = json::array({database});
  for (const json& op : operations)
    params.push_back(op);
  json results = request("transact", std::move(params));
  if (!results.is_array()) {
    throw OvsdbError("OvsdbError", 500, "OVSDB transact returned " + results.dump());
  }
  // RFC 7047 5.2: one result per operation; the first error names the failing operation, and an
  // extra trailing error means the commit itself failed (e.g. a constraint violation).
  for (std::size_t i = 0; i < results.size(); ++i) {
    const json& r = results[i];
    if (!r.is_object() || !r.contains("error")) continue;
    const std::string where = i < operations.size()
                                  ? "operation " + std::to_string(i) + " (" +
                                        operations[i].value("op", std::string("?")) + " " +
                                        operations[i].value("table", std::string()) + ")"
                                  : std::string("commit");
    throw OvsdbError::transaction_failed(
        "OVSDB transaction on " + endpoint_ + " failed at " + where + ": " +
        r["error"].get<std::string>() +
        (r.contains("details") ? " (" + r["details"].get<std::string>() + ")" : std::string()));
  }
  return results;
}

}  // namespace stacksim::live

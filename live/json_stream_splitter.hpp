#pragma once
// OVSDB's JSON-RPC (RFC 7047) sends JSON texts back to back with no delimiter. The splitter takes
// bytes as they arrive and hands out each complete top-level text, found by tracking bracket depth
// outside string literals.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace stacksim::live {

class JsonStreamSplitter {
 public:
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  /// The next complete JSON text, if one has fully arrived.
  std::optional<std::string> next();
  /// Bytes received but not yet handed out (an incomplete text).
  [[nodiscard]] std::size_t pending() const noexcept { return buffer_.size() - scanned_from_; }

 private:
  std::string buffer_;
  std::size_t scanned_from_ = 0;  // start of the text being assembled
  std::size_t position_ = 0;      // next byte to scan
  int depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

}  // namespace stacksim::live

#include "live/json_stream_splitter.hpp"

#include <stdexcept>

namespace stacksim::live {

std::optional<std::string> JsonStreamSplitter::next() {
  while (position_ < buffer_.size()) {
    const char c = buffer_[position_++];
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string_ = true;
        break;
      case '{':
      case '[':
        ++depth_;
        break;
      case '}':
      case ']':
        if (--depth_ < 0) throw std::runtime_error("unbalanced JSON from the OVSDB server");
        if (depth_ == 0) {
          std::string text = buffer_.substr(scanned_from_, position_ - scanned_from_);
          buffer_.erase(0, position_);
          scanned_from_ = position_ = 0;
          return text;
        }
        break;
      default:
        if (depth_ == 0 && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
          scanned_from_ = position_;  // whitespace between texts
        }
        break;
    }
  }
  return std::nullopt;
}

}  // namespace stacksim::live

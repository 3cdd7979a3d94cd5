#pragma once
// Builds a string from pieces by appending (GCC 12 mis-warns, -Wrestrict, about
// `"literal" + std::string` temporaries).

#include <concepts>
#include <string>
#include <string_view>

namespace stacksim::objectstore {

namespace detail {
inline void append_piece(std::string& out, std::string_view piece) {
  out.append(piece);
}
inline void append_piece(std::string& out, char c) {
  out.push_back(c);
}
template <std::integral T>
requires(!std::same_as<T, char>) void append_piece(std::string& out, T value) {
  out.append(std::to_string(value));
}
}  // namespace detail

template <typename... Pieces>
std::string cat(const Pieces&... pieces) {
  std::string out;
  (detail::append_piece(out, pieces), ...);
  return out;
}

}  // namespace stacksim::objectstore

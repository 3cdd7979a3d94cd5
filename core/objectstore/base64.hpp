#pragma once
// Standard base64 (RFC 4648, with padding) for the binary tables inside JSON builder files.

#include <optional>
#include <string>
#include <string_view>

namespace stacksim::objectstore {

std::string base64_encode(std::string_view bytes);
/// nullopt when `text` is not valid padded base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace stacksim::objectstore

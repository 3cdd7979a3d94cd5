#pragma once
// MD5 and SHA-512 through OpenSSL's EVP interface: MD5 places paths on rings and names ring
// files' contents; SHA-512 seeds CPython's random from a string.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace stacksim::objectstore {

std::array<std::uint8_t, 16> md5(std::string_view data);
std::string md5_hex(std::string_view data);
std::array<std::uint8_t, 64> sha512(std::string_view data);

}  // namespace stacksim::objectstore

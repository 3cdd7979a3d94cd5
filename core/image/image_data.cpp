#include "core/image/image_data.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/runtime/random.hpp"

namespace stacksim::image {
namespace {

using DigestContext = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

DigestContext start(const EVP_MD* md) {
  DigestContext ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) {
    throw std::runtime_error("OpenSSL digest initialisation failed");
  }
  return ctx;
}

std::string finish(EVP_MD_CTX* ctx) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx, out, &length) != 1) {
    throw std::runtime_error("OpenSSL digest finalisation failed");
  }
  static constexpr char digits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(digits[out[i] >> 4]);
    hex.push_back(digits[out[i] & 0xF]);
  }
  return hex;
}

}  // namespace

ImageData ImageData::from_bytes(std::string bytes) {
  const auto size = static_cast<std::int64_t>(bytes.size());
  return ImageData(std::move(bytes), size, 0, false);
}

ImageData ImageData::pattern(std::int64_t size, std::uint64_t seed) {
  if (size < 0) throw std::invalid_argument("image data size must not be negative");
  return ImageData({}, size, seed, true);
}

ImageDigest ImageData::digest() const {
  DigestContext md5 = start(EVP_md5());
  DigestContext sha512 = start(EVP_sha512());
  auto feed = [&](const void* data, std::size_t n) {
    if (EVP_DigestUpdate(md5.get(), data, n) != 1 || EVP_DigestUpdate(sha512.get(), data, n) != 1) {
      throw std::runtime_error("OpenSSL digest update failed");
    }
  };
  if (!generated_) {
    feed(bytes_.data(), bytes_.size());
  } else {
    constexpr std::size_t chunk_words = (1 << 20) / 8;
    std::vector<std::uint64_t> chunk(chunk_words);
    runtime::Random random(seed_);
    std::int64_t remaining = size_;
    while (remaining > 0) {
      for (std::uint64_t& word : chunk)
        word = random();
      const auto n = static_cast<std::size_t>(
          std::min<std::int64_t>(remaining, static_cast<std::int64_t>(chunk_words * 8)));
      feed(chunk.data(), n);
      remaining -= static_cast<std::int64_t>(n);
    }
  }
  return {size_, finish(md5.get()), finish(sha512.get())};
}

}  // namespace stacksim::image

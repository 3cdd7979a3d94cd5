#include "core/objectstore/gzip_file.hpp"

#include <zlib.h>

#include <limits>
#include <stdexcept>

#include "core/objectstore/ring_errors.hpp"

namespace stacksim::objectstore {

namespace {

void put_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

Bytef* bytes_of(std::string_view s) {
  // zlib's next_in is not const-qualified but is never written through.
  return reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
}

}  // namespace

std::string gzip_compress(std::string_view data, std::string_view name, std::uint32_t mtime) {
  std::string out = "\x1f\x8b\x08";
  out += static_cast<char>(name.empty() ? 0 : 0x08);  // FNAME
  put_le32(out, mtime);
  out += '\x02';  // XFL: maximum compression
  out += '\xff';  // OS: unknown, as Python writes
  if (!name.empty()) {
    out += name;
    out += '\0';
  }
  z_stream zs{};
  if (deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib deflateInit2 failed");
  }
  const std::size_t header = out.size();
  out.resize(header + deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = bytes_of(data);
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data() + header);
  zs.avail_out = static_cast<uInt>(out.size() - header);
  const int rc = deflate(&zs, Z_FINISH);
  const std::size_t produced = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
  out.resize(header + produced);
  put_le32(out,
           static_cast<std::uint32_t>(crc32(0L, bytes_of(data), static_cast<uInt>(data.size()))));
  put_le32(out, static_cast<std::uint32_t>(data.size() & 0xFFFFFFFFU));
  return out;
}

std::string gzip_decompress(std::string_view data, const std::string& source) {
  if (data.size() > std::numeric_limits<uInt>::max()) {
    throw RingLoadError("Ring file " + source + " is too large");
  }
  z_stream zs{};
  if (inflateInit2(&zs, 32 + MAX_WBITS) != Z_OK)
    throw std::runtime_error("zlib inflateInit2 failed");
  zs.next_in = bytes_of(data);
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  std::size_t chunk = std::max<std::size_t>(data.size() * 4, 1 << 16);
  int rc = Z_OK;
  while (rc == Z_OK) {
    const std::size_t used = out.size();
    out.resize(used + chunk);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    zs.avail_out = static_cast<uInt>(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(used + chunk - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in > 0) rc = Z_OK;  // output buffer full: grow
    chunk *= 2;
  }
  const std::string message = zs.msg != nullptr ? zs.msg : "";
  inflateEnd(&zs);
  if (rc == Z_BUF_ERROR) {
    throw RingLoadError("Ring file " + source + " is truncated (compressed stream ends early)");
  }
  if (rc != Z_STREAM_END) {
    throw RingLoadError("Ring file " + source + " is not a valid gzip stream" +
                        (message.empty() ? std::string() : ": " + message));
  }
  return out;
}

}  // namespace stacksim::objectstore

#include "scenarios/traces/line_source.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include <zlib.h>

#include "scenarios/scenario_error.hpp"

namespace stacksim::scenarios {
namespace {

gzFile as_gz(void* f) {
  return static_cast<gzFile>(f);
}

}  // namespace

std::vector<std::string> trace_parts(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> parts;
    for (const auto& entry : fs::directory_iterator(path)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_regular_file() && !name.starts_with(".")) parts.push_back(entry.path().string());
    }
    std::sort(parts.begin(), parts.end());
    if (parts.empty()) throw ScenarioError(path, "", "directory holds no trace files");
    return parts;
  }
  if (!fs::exists(path, ec)) throw ScenarioError(path, "", "no such trace file or directory");
  return {path};
}

LineSource::LineSource(std::string path) : LineSource(std::vector<std::string>{std::move(path)}) {
}

LineSource::LineSource(std::vector<std::string> paths) : paths_(std::move(paths)) {
  if (paths_.empty()) throw std::invalid_argument("LineSource: no files");
  buffer_.resize(4096);
  open(paths_[next_part_++]);
}

void LineSource::open(std::string path) {
  close();
  path_ = std::move(path);
  line_number_ = 0;
  gzFile f = gzopen(path_.c_str(), "rb");
  if (f == nullptr) throw ScenarioError(path_, "", "cannot open trace file");
  gzbuffer(f, 1 << 18);
  file_ = f;
}

LineSource::LineSource(LineSource&& other) noexcept
    : paths_(std::move(other.paths_)),
      next_part_(other.next_part_),
      path_(std::move(other.path_)),
      file_(std::exchange(other.file_, nullptr)),
      buffer_(std::move(other.buffer_)),
      line_number_(other.line_number_) {
}

LineSource& LineSource::operator=(LineSource&& other) noexcept {
  if (this != &other) {
    close();
    paths_ = std::move(other.paths_);
    next_part_ = other.next_part_;
    path_ = std::move(other.path_);
    file_ = std::exchange(other.file_, nullptr);
    buffer_ = std::move(other.buffer_);
    line_number_ = other.line_number_;
  }
  return *this;
}

LineSource::~LineSource() {
  close();
}

void LineSource::close() noexcept {
  if (file_ != nullptr) gzclose(as_gz(file_));
  file_ = nullptr;
}

bool LineSource::next(std::string_view& line) {
  while (file_ != nullptr) {
    if (read_line(line)) return true;
    if (next_part_ == paths_.size()) {
      close();
      return false;
    }
    open(paths_[next_part_++]);
  }
  return false;
}

bool LineSource::read_line(std::string_view& line) {
  std::size_t used = 0;
  for (;;) {
    // gzgets reads up to size-1 bytes and stops after a newline; a full buffer without one means
    // the line continues, so grow and read on.
    char* start = buffer_.data() + used;
    const int room = static_cast<int>(buffer_.size() - used);
    if (gzgets(as_gz(file_), start, room) == nullptr) {
      int code = Z_OK;
      const char* message = gzerror(as_gz(file_), &code);
      if (code != Z_OK && code != Z_STREAM_END) {
        throw ScenarioError(path_, "line " + std::to_string(line_number_ + 1),
                            std::string("cannot read (corrupt gzip data?): ") + message);
      }
      if (used == 0) return false;
      break;
    }
    used += std::strlen(start);
    if (used > 0 && buffer_[used - 1] == '\n') break;
    if (used + 1 < buffer_.size()) break;  // the last line, without a newline
    buffer_.resize(buffer_.size() * 2);
  }
  ++line_number_;
  while (used > 0 && (buffer_[used - 1] == '\n' || buffer_[used - 1] == '\r'))
    --used;
  line = std::string_view(buffer_.data(), used);
  return true;
}

std::string LineSource::location() const {
  return path_ + ":" + std::to_string(line_number_);
}

}  // namespace stacksim::scenarios

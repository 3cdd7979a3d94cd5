#pragma once
// Reads a text file line by line in constant memory, transparently decompressing gzip (zlib reads
// plain files as they are). Tracks the line number so errors can say "file:line". A directory
// stands for the files in it, read in name order (part-00000-of-00500.csv.gz, ...).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stacksim::scenarios {

/// The files a trace path stands for: the path itself, or the regular non-hidden files of a
/// directory in name order. Throws if the path does not exist or the directory is empty.
std::vector<std::string> trace_parts(const std::string& path);

class LineSource {
 public:
  explicit LineSource(std::string path);
  /// Several files read one after another (a trace split into parts); line numbers restart at 1
  /// in each file.
  explicit LineSource(std::vector<std::string> paths);
  LineSource(LineSource&& other) noexcept;
  LineSource& operator=(LineSource&& other) noexcept;
  LineSource(const LineSource&) = delete;
  LineSource& operator=(const LineSource&) = delete;
  ~LineSource();

  /// The next line without its line terminator; false at the end of the file. The view is valid
  /// until the next call.
  bool next(std::string_view& line);

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] std::int64_t line_number() const noexcept { return line_number_; }
  /// "path:line" of the last line returned.
  [[nodiscard]] std::string location() const;

 private:
  void close() noexcept;
  void open(std::string path);
  bool read_line(std::string_view& line);

  std::vector<std::string> paths_;
  std::size_t next_part_ = 0;
  std::string path_;
  void* file_ = nullptr;  // gzFile
  std::string buffer_;
  std::int64_t line_number_ = 0;
};

}  // namespace stacksim::scenarios

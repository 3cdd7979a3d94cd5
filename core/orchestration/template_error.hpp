#pragma once
// A template or parameter problem, named by its path in the template
// ("resources.web.properties.networks[0].network: unknown resource 'net2'").

#include <stdexcept>
#include <string>

namespace stacksim::orchestration {

class TemplateError : public std::runtime_error {
 public:
  TemplateError(const std::string& path, const std::string& message)
      : std::runtime_error(path.empty() ? message : path + ": " + message),
        path_(path),
        message_(message) {}

  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  [[nodiscard]] const std::string& message() const noexcept { return message_; }

 private:
  std::string path_;
  std::string message_;
};

/// "a.b" + "c" -> "a.b.c"; "a" + 0 -> "a[0]".
inline std::string child_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
inline std::string child_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

}  // namespace stacksim::orchestration

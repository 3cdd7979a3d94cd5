#include "core/objectstore/swift_error.hpp"

namespace stacksim::objectstore {
namespace {

// swift.common.swob.RESPONSE_REASONS, for the statuses the object service answers with.
struct Reason {
  int status;
  const char* title;
  const char* explanation;
};
constexpr Reason reasons[] = {
    {400, "Bad Request",
     "The server could not comply with the request since it is either malformed or otherwise "
     "incorrect."},
    {401, "Unauthorized",
     "This server could not verify that you are authorized to access the document you requested."},
    {403, "Forbidden", "Access was denied to this resource."},
    {404, "Not Found", "The resource could not be found."},
    {406, "Not Acceptable",
     "The resource is not available in a format acceptable to your browser."},
    {409, "Conflict", "There was a conflict when trying to complete your request."},
    {411, "Length Required", "Content-Length header required."},
    {412, "Precondition Failed", "A precondition for this request was not met."},
    {413, "Request Entity Too Large", "The body of your request was too large for this server."},
    {416, "Requested Range Not Satisfiable", "The Range requested is not available."},
    {422, "Unprocessable Entity", "Unable to process the contained instructions"},
    {503, "Service Unavailable",
     "The server is currently unavailable. Please try again at a later time."},
};

const Reason* find_reason(int status) {
  for (const Reason& r : reasons) {
    if (r.status == status) return &r;
  }
  return nullptr;
}

}  // namespace

std::string swift_explanation(int status) {
  const Reason* r = find_reason(status);
  return r != nullptr ? r->explanation
                      : "The server has either erred or is incapable of performing the requested "
                        "operation.";
}

runtime::ServiceError swift_error(int status) {
  return swift_error(status, swift_explanation(status));
}

runtime::ServiceError swift_error(int status, const std::string& message) {
  const Reason* r = find_reason(status);
  return runtime::ServiceError(r != nullptr ? r->title : "Internal Error", status, message);
}

}  // namespace stacksim::objectstore

#include "core/api/error_style.hpp"

#include <nlohmann/json.hpp>

namespace stacksim::api {

std::string nova_fault_name(int status) {
  // nova.api.openstack.wsgi.Fault._fault_names, which Cinder shares.
  switch (status) {
    case 400:
      return "badRequest";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "itemNotFound";
    case 405:
      return "badMethod";
    case 409:
      return "conflictingRequest";
    case 413:
      return "overLimit";
    case 415:
      return "badMediaType";
    case 429:
      return "overLimit";
    case 501:
      return "notImplemented";
    case 503:
      return "serviceUnavailable";
    default:
      return "computeFault";
  }
}

HttpResponse error_response(ErrorStyle style, int status, const std::string& type,
                            const std::string& message) {
  HttpResponse r;
  r.status = status;
  const std::string title(reason_phrase(status));
  switch (style) {
    case ErrorStyle::keystone:
      r.body = nlohmann::json{{"error", {{"code", status}, {"message", message}, {"title", title}}}}
                   .dump();
      break;
    case ErrorStyle::nova:
    case ErrorStyle::cinder:
      r.body = nlohmann::json{{nova_fault_name(status), {{"code", status}, {"message", message}}}}
                   .dump();
      break;
    case ErrorStyle::neutron:
      r.body =
          nlohmann::json{{"NeutronError", {{"type", type}, {"message", message}, {"detail", ""}}}}
              .dump();
      break;
    case ErrorStyle::heat:
      r.body = nlohmann::json{
          {"explanation", message},
          {"code", status},
          {"error", {{"message", message}, {"traceback", nullptr}, {"type", type}}},
          {"title",
           title}}.dump();
      break;
    case ErrorStyle::glance:
      // webob's plain-text error page, which glanceclient shows to the user as is.
      r.content_type = "text/plain; charset=UTF-8";
      r.body = std::to_string(status) + " " + title + "\n\n" + message + "\n\n   ";
      break;
    case ErrorStyle::swift:
      r.content_type = "text/html; charset=UTF-8";
      r.body = "<html><h1>" + title + "</h1><p>" + message + "</p></html>";
      break;
  }
  return r;
}

}  // namespace stacksim::api

#include "core/api/http_server.hpp"

#include <httplib.h>

#include <future>
#include <stdexcept>
#include <thread>

namespace stacksim::api {

struct HttpServer::Impl {
  ApiApplication& app;
  RequestLoop& loop;
  HttpServerOptions options;
  httplib::Server server;
  std::thread listener;
  int port = 0;

  Impl(ApiApplication& a, RequestLoop& l, HttpServerOptions o)
      : app(a), loop(l), options(std::move(o)) {}

  static HttpRequest convert(const httplib::Request& req) {
    HttpRequest r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params)
      r.query.emplace_back(k, v);
    for (const auto& [k, v] : req.headers)
      r.headers.add(k, v);
    r.body = req.body;
    r.remote_address = req.remote_addr;
    return r;
  }

  void serve(const httplib::Request& req, httplib::Response& res) {
    std::promise<HttpResponse> promise;
    std::future<HttpResponse> future = promise.get_future();
    loop.submit([this, &promise, request = convert(req)]() mutable {
      app.handle(std::move(request),
                 [&promise](HttpResponse response) { promise.set_value(std::move(response)); });
    });
    HttpResponse response = future.get();
    // The application answers Range requests itself (Swift's object GET); httplib 0.11 would slice
    // every response body again by the request's Range header, so it is told there is none.
    const_cast<httplib::Request&>(req).ranges.clear();
    res.status = response.status;
    for (const auto& [k, v] : response.headers.fields()) {
      if (!HttpHeaders::equal_names(k, "Content-Type")) res.set_header(k, v);
    }
    if (!response.content_type.empty()) {
      res.set_header("Content-Type", response.content_type);
    } else if (!response.body.empty()) {
      res.set_header("Content-Type", "application/octet-stream");
    }
    res.body = std::move(response.body);
  }
};

HttpServer::HttpServer(ApiApplication& app, RequestLoop& loop, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(app, loop, std::move(options))) {
  httplib::Server& s = impl_->server;
  const auto threads = static_cast<std::size_t>(impl_->options.worker_threads);
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_keep_alive_max_count(static_cast<std::size_t>(impl_->options.keep_alive_requests));
  s.set_tcp_nodelay(true);
  // Bodies beyond the upload limit are refused before they are read; JSON bodies are held to the
  // smaller limit by the application once the route is known.
  s.set_payload_max_length(app.config().max_upload_bytes);
  auto handler = [impl = impl_.get()](const httplib::Request& req, httplib::Response& res) {
    impl->serve(req, res);
  };
  s.Get(".*", handler);
  s.Post(".*", handler);
  s.Put(".*", handler);
  s.Patch(".*", handler);
  s.Delete(".*", handler);
  s.Options(".*", handler);
  // Errors httplib raises itself (413 over the upload limit, 400 unparsable requests) get a body.
  s.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const HttpResponse e = error_response(ErrorStyle::keystone, res.status, "HTTPError",
                                              std::string(reason_phrase(res.status)));
        res.set_content(e.body, e.content_type);
        return httplib::Server::HandlerResponse::Handled;
      }));
}

HttpServer::~HttpServer() {
  stop();
}

int HttpServer::bind() {
  Impl& i = *impl_;
  if (i.options.port == 0) {
    i.port = i.server.bind_to_any_port(i.options.host);
  } else {
    i.port = i.server.bind_to_port(i.options.host, i.options.port) ? i.options.port : -1;
  }
  if (i.port <= 0) {
    throw std::runtime_error("cannot listen on " + i.options.host + ":" +
                             std::to_string(i.options.port) + " (address in use or not local)");
  }
  return i.port;
}

void HttpServer::start() {
  Impl& i = *impl_;
  if (i.port <= 0) bind();
  i.listener = std::thread([&i] { i.server.listen_after_bind(); });
}

void HttpServer::stop() {
  if (!impl_) return;
  impl_->server.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
}

}  // namespace stacksim::api

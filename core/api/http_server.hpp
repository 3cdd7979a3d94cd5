#pragma once
// The HTTP front end (cpp-httplib): a pool of worker threads accepts connections and parses
// requests, then hands each request to the control loop (RequestLoop::submit) and waits for the
// response, so the services are only ever touched from the loop thread.

#include <memory>
#include <string>

#include "core/api/api_application.hpp"
#include "core/api/request_loop.hpp"

namespace stacksim::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // loopback unless asked otherwise
  int port = 5000;                 // 0: any free port
  int worker_threads = 8;          // connections served at once (keep-alive holds one each)
  int keep_alive_requests = 10000;
};

class HttpServer {
 public:
  HttpServer(ApiApplication& app, RequestLoop& loop, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Binds the listening socket; returns the port (the chosen one when options.port is 0).
  /// std::runtime_error naming host and port if the address is unavailable.
  int bind();
  /// Accepts connections on a background thread until stop().
  void start();
  /// Stops accepting, finishes requests in progress (the loop must still be running) and joins.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace stacksim::api

#pragma once
// co_await transfer(network, request): starts a flow and resumes the coroutine when it ends, with
// its FlowEnd (exact end time, outcome). This is how byte-moving activities (image fetches,
// migration rounds, replication) wait on the network model from control-plane coroutines.
// Cancelling the awaiting task cancels the flow.

#include <coroutine>

#include "core/runtime/task.hpp"
#include "sim/models/flow_network.hpp"

namespace stacksim::sim {

class TransferAwaiter {
 public:
  TransferAwaiter(FlowNetwork& network, FlowRequest request)
      : network_(network), request_(std::move(request)) {}
  TransferAwaiter(const TransferAwaiter&) = delete;
  TransferAwaiter& operator=(const TransferAwaiter&) = delete;
  ~TransferAwaiter() {
    if (context_.cancellation != nullptr) context_.cancellation->remove(listener_);
  }

  bool await_ready() const noexcept { return false; }

  template <runtime::detail::TaskPromise P>
  bool await_suspend(std::coroutine_handle<P> self) {
    context_ = self.promise().context;
    if (context_.cancellation != nullptr && context_.cancellation->requested()) {
      cancelled_ = true;
      return false;
    }
    handle_ = self;
    // Resume from a posted event, not from inside the network's event processing.
    request_.on_end = [this](const FlowEnd& end) {
      end_ = end;
      done_ = true;
      network_.simulator().post([h = handle_] { h.resume(); });
    };
    id_ = network_.start_flow(std::move(request_));
    if (context_.cancellation != nullptr) {
      context_.cancellation->add(
          listener_,
          [](void* owner) noexcept { static_cast<TransferAwaiter*>(owner)->on_cancel(); }, this);
    }
    return true;
  }

  [[nodiscard]] FlowEnd await_resume() const {
    if (cancelled_) throw runtime::OperationCancelled();
    return end_;
  }

 private:
  void on_cancel() noexcept {
    if (done_ || !network_.cancel_flow(id_)) return;
    cancelled_ = true;
    network_.simulator().post([h = handle_] { h.resume(); });
  }

  FlowNetwork& network_;
  FlowRequest request_;
  runtime::TaskContext context_;
  std::coroutine_handle<> handle_;
  FlowId id_;
  FlowEnd end_;
  bool done_ = false;
  bool cancelled_ = false;
  runtime::CancellationListener listener_;
};

/// The awaiter lives in this coroutine's frame as a named object: GCC 12 mishandles temporaries
/// in co_await expressions whose awaiter takes arguments by value.
inline runtime::Task<FlowEnd> transfer(FlowNetwork& network, FlowRequest request) {
  TransferAwaiter awaiter(network, std::move(request));
  co_return co_await awaiter;
}

}  // namespace stacksim::sim

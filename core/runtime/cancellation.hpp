#pragma once
// Cooperative cancellation shared by a detached task and every child task it awaits. Awaiters that
// suspend (sleeps, joins) register a listener; cancelling wakes them with OperationCancelled so the
// coroutine unwinds through its destructors.

#include <stdexcept>

namespace stacksim::runtime {

class OperationCancelled : public std::runtime_error {
 public:
  OperationCancelled() : std::runtime_error("operation cancelled") {}
};

class CancellationState;

/// Intrusive list node: an awaiter that can be woken by cancellation embeds one. A plain function
/// pointer (not a virtual) keeps awaiters free of vtables.
class CancellationListener {
 public:
  using Callback = void (*)(void* owner) noexcept;

  CancellationListener() noexcept = default;
  CancellationListener(const CancellationListener&) = delete;
  CancellationListener& operator=(const CancellationListener&) = delete;
  ~CancellationListener() = default;

 private:
  friend class CancellationState;
  Callback on_cancel_ = nullptr;
  void* owner_ = nullptr;
  CancellationListener* prev_ = nullptr;
  CancellationListener* next_ = nullptr;
  bool linked_ = false;
};

class CancellationState {
 public:
  CancellationState() = default;
  CancellationState(const CancellationState&) = delete;
  CancellationState& operator=(const CancellationState&) = delete;

  [[nodiscard]] bool requested() const noexcept { return requested_; }

  /// Marks the state cancelled and wakes every registered listener once.
  void request() noexcept {
    if (requested_) return;
    requested_ = true;
    while (head_ != nullptr) {
      CancellationListener* listener = head_;
      remove(*listener);
      listener->on_cancel_(listener->owner_);
    }
  }

  /// Registers `listener`; on cancellation `on_cancel(owner)` is called once.
  void add(CancellationListener& listener, CancellationListener::Callback on_cancel,
           void* owner) noexcept {
    listener.on_cancel_ = on_cancel;
    listener.owner_ = owner;
    listener.prev_ = nullptr;
    listener.next_ = head_;
    if (head_ != nullptr) head_->prev_ = &listener;
    head_ = &listener;
    listener.linked_ = true;
  }

  void remove(CancellationListener& listener) noexcept {
    if (!listener.linked_) return;
    if (listener.prev_ != nullptr) listener.prev_->next_ = listener.next_;
    if (listener.next_ != nullptr) listener.next_->prev_ = listener.prev_;
    if (head_ == &listener) head_ = listener.next_;
    listener.prev_ = listener.next_ = nullptr;
    listener.linked_ = false;
  }

 private:
  CancellationListener* head_ = nullptr;
  bool requested_ = false;
};

}  // namespace stacksim::runtime

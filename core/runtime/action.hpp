#pragma once
// A move-only void() callable with inline storage, so that scheduling an event or resuming a
// coroutine never allocates for small captures (a coroutine handle, `this` plus an index). 16 bytes
// keeps a queue entry at 40 bytes, which is what the engine moves around.

#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace stacksim::runtime {

class Action {
 public:
  static constexpr std::size_t inline_size = 16;

  Action() noexcept = default;

  template <class F, class D = std::decay_t<F>>
  requires(!std::is_same_v<D, Action> && std::is_invocable_r_v<void, D&>)
      Action(F&& f) {  // NOLINT(google-explicit-constructor): lambdas convert implicitly by design
    if constexpr (fits_inline<D>()) {
      ::new (static_cast<void*>(storage_)) D(std::forward<F>(f));
      ops_ = &inline_ops<D>;
    } else {
      D* p = new D(std::forward<F>(f));
      std::memcpy(storage_, &p, sizeof p);
      ops_ = &heap_ops<D>;
    }
  }

  Action(Action&& other) noexcept : ops_(other.ops_) { take(other); }
  Action& operator=(Action&& other) noexcept {
    if (this != &other) {
      reset();
      ops_ = other.ops_;
      take(other);
    }
    return *this;
  }
  Action(const Action&) = delete;
  Action& operator=(const Action&) = delete;
  ~Action() { reset(); }

  void reset() noexcept {
    if (ops_ != nullptr) {
      if (ops_->destroy != nullptr) ops_->destroy(storage_);
      ops_ = nullptr;
    }
  }
  explicit operator bool() const noexcept { return ops_ != nullptr; }
  void operator()() { ops_->invoke(storage_); }

 private:
  struct Ops {
    void (*invoke)(void*);
    void (*relocate)(void* from, void* to) noexcept;  // nullptr: trivially relocatable (memcpy)
    void (*destroy)(void*) noexcept;                  // nullptr: trivially destructible
  };

  template <class D>
  static constexpr bool fits_inline() {
    return sizeof(D) <= inline_size && alignof(D) <= alignof(void*) &&
           std::is_nothrow_move_constructible_v<D>;
  }

  template <class D>
  static constexpr Ops make_inline_ops() {
    Ops ops{[](void* s) { (*std::launder(static_cast<D*>(s)))(); }, nullptr, nullptr};
    if constexpr (!std::is_trivially_copyable_v<D>) {
      ops.relocate = [](void* from, void* to) noexcept {
        D* src = std::launder(static_cast<D*>(from));
        ::new (to) D(std::move(*src));
        src->~D();
      };
    }
    if constexpr (!std::is_trivially_destructible_v<D>) {
      ops.destroy = [](void* s) noexcept { std::launder(static_cast<D*>(s))->~D(); };
    }
    return ops;
  }

  template <class D>
  static D* heap_ptr(void* s) {
    D* p;
    std::memcpy(&p, s, sizeof p);
    return p;
  }

  template <class D>
  static constexpr Ops inline_ops = make_inline_ops<D>();
  template <class D>
  static constexpr Ops heap_ops{[](void* s) { (*heap_ptr<D>(s))(); }, nullptr,
                                [](void* s) noexcept { delete heap_ptr<D>(s); }};

  void take(Action& other) noexcept {
    if (ops_ == nullptr) return;
    if (ops_->relocate != nullptr) {
      ops_->relocate(other.storage_, storage_);
    } else {
      std::memcpy(storage_, other.storage_, inline_size);  // storage is zero-initialised
    }
    other.ops_ = nullptr;
  }

  alignas(void*) std::byte storage_[inline_size]{};
  const Ops* ops_ = nullptr;
};

}  // namespace stacksim::runtime

#pragma once
// RAII transaction: commits on commit(), rolls back if destroyed first (an exception unwinding it),
// so a failed operation leaves the database as it was.

#include "core/store/database.hpp"

namespace stacksim::store {

class Transaction {
 public:
  enum class Mode { deferred, immediate, exclusive };

  explicit Transaction(Database& db, Mode mode = Mode::immediate) : db_(db) {
    switch (mode) {
      case Mode::deferred:
        db_.cached("BEGIN DEFERRED").execute();
        break;
      case Mode::immediate:
        db_.cached("BEGIN IMMEDIATE").execute();
        break;
      case Mode::exclusive:
        db_.cached("BEGIN EXCLUSIVE").execute();
        break;
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) {
      try {
        db_.cached("ROLLBACK").execute();
      } catch (...) {  // rollback after a failed statement may find no transaction; nothing to undo
      }
    }
  }

  void commit() {
    db_.cached("COMMIT").execute();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace stacksim::store

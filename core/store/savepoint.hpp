#pragma once
// RAII savepoint: like Transaction (commit() keeps the changes, destruction without commit() undoes
// them) but nestable, so a service method that writes atomically can be called from another one
// that already holds a savepoint or transaction on the same connection.

#include "core/store/database.hpp"

namespace stacksim::store {

class Savepoint {
 public:
  explicit Savepoint(Database& db) : db_(db) { db_.cached("SAVEPOINT stacksim").execute(); }
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;
  ~Savepoint() {
    if (!done_) {
      try {
        db_.cached("ROLLBACK TO stacksim").execute();
        db_.cached("RELEASE stacksim").execute();
      } catch (...) {  // the connection already rolled everything back; nothing left to undo
      }
    }
  }

  void commit() {
    db_.cached("RELEASE stacksim").execute();
    done_ = true;
  }

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace stacksim::store

#include "core/image/image_lifecycle.hpp"

#include <initializer_list>

#include "core/image/image_error.hpp"

namespace stacksim::image {

bool transition_allowed(ImageStatus from, ImageStatus to) noexcept {
  using S = ImageStatus;
  auto any_of = [to](std::initializer_list<S> targets) {
    for (S s : targets) {
      if (s == to) return true;
    }
    return false;
  };
  switch (from) {
    case S::queued:
      return any_of({S::saving, S::active, S::deleted});
    case S::saving:
      return any_of({S::active, S::killed, S::deleted, S::queued});
    case S::active:
      return any_of({S::pending_delete, S::deleted, S::deactivated});
    case S::killed:
      return any_of({S::deleted});
    case S::pending_delete:
      return any_of({S::deleted, S::active});
    case S::deactivated:
      return any_of({S::active, S::deleted});
    case S::deleted:
      return false;
  }
  return false;
}

void check_transition(ImageStatus from, ImageStatus to) {
  if (!transition_allowed(from, to)) {
    throw invalid_status_transition(std::string(to_string(from)), std::string(to_string(to)));
  }
}

}  // namespace stacksim::image

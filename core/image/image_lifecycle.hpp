#pragma once
// Glance's image status machine (glance.domain.Image.valid_state_targets, without the interoperable
// import states):
//   queued         -> saving, active, deleted
//   saving         -> active, killed, deleted, queued
//   active         -> pending_delete, deleted, deactivated
//   killed         -> deleted
//   pending_delete -> deleted, active
//   deactivated    -> active, deleted
//   deleted        -> (none)

#include "core/image/image.hpp"

namespace stacksim::image {

[[nodiscard]] bool transition_allowed(ImageStatus from, ImageStatus to) noexcept;

/// InvalidImageStatusTransition (409) unless the move is allowed.
void check_transition(ImageStatus from, ImageStatus to);

}  // namespace stacksim::image

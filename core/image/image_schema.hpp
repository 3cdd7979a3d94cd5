#pragma once
// The image service's tables (component "image" in schema_versions).

#include "core/store/database.hpp"

namespace stacksim::image {

void ensure_image_schema(store::Database& db);

}  // namespace stacksim::image

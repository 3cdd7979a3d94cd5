#pragma once
// Errors raised by the ring builder and ring files, named after Swift's exceptions so messages and
// handling line up with swift-ring-builder's.

#include <stdexcept>
#include <string>

namespace stacksim::objectstore {

/// Base of every ring-builder failure (swift.common.exceptions.RingBuilderError).
class RingBuilderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The builder state violates an invariant or cannot satisfy the replica count.
class RingValidationError : public RingBuilderError {
 public:
  using RingBuilderError::RingBuilderError;
};

/// A device id, or an ip:port/device triple, is already in use.
class DuplicateDeviceError : public RingBuilderError {
 public:
  using RingBuilderError::RingBuilderError;
};

/// No device has any weight.
class EmptyRingError : public RingBuilderError {
 public:
  using RingBuilderError::RingBuilderError;
};

/// A ring file (or builder file) cannot be read: missing, truncated, corrupt or of another format.
class RingLoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace stacksim::objectstore

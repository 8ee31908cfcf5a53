#pragma once

#include <stdexcept>
#include <string>

/// The exceptions of the project, declared in one place. They stay inside a converter or a
/// stage: its boundary turns them into a status and a warning.
namespace jikji {

/// The input breaks a named limit (size, count, depth, ratio).
class LimitError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The input is malformed beyond what the reader can repair.
class CorruptError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The input is encrypted and no key is known for it.
class EncryptedError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// An operation that the caller asked for cannot run (bad usage, unwritable output).
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace jikji

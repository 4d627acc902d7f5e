// Copyright The Quote Tracker Authors.
//
// A Status is the result of an operation: success, or an error with a code
// and a message.  Every fallible call of the project returns one; nothing
// throws across a module boundary.
//
// The message has two parts so that the subject (a file name, a rule id)
// comes first: Status::IOError("articles.jsonl", "No such file").
//
// A Status is a value; copies are independent.  Safe to read from several
// threads; not safe to assign to from one thread while another reads.

#ifndef QUOTES_STATUS_H_
#define QUOTES_STATUS_H_

#include <string>
#include <string_view>

namespace quotes {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound = 1,
    kInvalidArgument = 2,
    kCorruption = 3,
    kIOError = 4,
    // The store is held by another process.
    kBusy = 5,
    // The input is larger than a documented limit.
    kResourceExhausted = 6,
    // An on-disk format this version cannot read.
    kNotSupported = 7,
  };

  Status() = default;

  static Status OK() { return Status(); }
  static Status NotFound(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kNotFound, msg, msg2);
  }
  static Status InvalidArgument(std::string_view msg,
                                std::string_view msg2 = {}) {
    return Status(Code::kInvalidArgument, msg, msg2);
  }
  static Status Corruption(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kCorruption, msg, msg2);
  }
  static Status IOError(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kIOError, msg, msg2);
  }
  static Status Busy(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kBusy, msg, msg2);
  }
  static Status ResourceExhausted(std::string_view msg,
                                  std::string_view msg2 = {}) {
    return Status(Code::kResourceExhausted, msg, msg2);
  }
  static Status NotSupported(std::string_view msg, std::string_view msg2 = {}) {
    return Status(Code::kNotSupported, msg, msg2);
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsBusy() const { return code_ == Code::kBusy; }

  // The message alone, without the code name.
  const std::string& message() const { return message_; }

  // "OK", or the code name, ": " and the message
  // ("IOError: articles.jsonl: No such file or directory").
  std::string ToString() const;

 private:
  Status(Code code, std::string_view msg, std::string_view msg2);

  Code code_ = Code::kOk;
  std::string message_;
};

// Returns from the enclosing function when "expr" is not OK.
#define QUOTES_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::quotes::Status _quotes_status = (expr);        \
    if (!_quotes_status.ok()) return _quotes_status; \
  } while (0)

}  // namespace quotes

#endif  // QUOTES_STATUS_H_

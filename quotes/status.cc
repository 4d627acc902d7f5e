// Copyright The Quote Tracker Authors.

#include "quotes/status.h"

namespace quotes {

Status::Status(Code code, std::string_view msg, std::string_view msg2)
    : code_(code), message_(msg) {
  if (!msg2.empty()) {
    message_.append(": ");
    message_.append(msg2);
  }
}

std::string Status::ToString() const {
  const char* name = "OK";
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kNotFound:
      name = "NotFound";
      break;
    case Code::kInvalidArgument:
      name = "InvalidArgument";
      break;
    case Code::kCorruption:
      name = "Corruption";
      break;
    case Code::kIOError:
      name = "IOError";
      break;
    case Code::kBusy:
      name = "Busy";
      break;
    case Code::kResourceExhausted:
      name = "ResourceExhausted";
      break;
    case Code::kNotSupported:
      name = "NotSupported";
      break;
  }
  return std::string(name) + ": " + message_;
}

}  // namespace quotes

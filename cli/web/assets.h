// Copyright The Quote Tracker Authors.
//
// The files of the web page that `quotes serve` shows (cli/web/), compiled
// into the binary by embed.sh so that the server needs nothing beside it.

#ifndef CLI_WEB_ASSETS_H_
#define CLI_WEB_ASSETS_H_

#include <cstddef>
#include <string_view>

namespace quotes {

struct WebAsset {
  const char* name;          // "app.js"
  const char* content_type;  // "text/javascript; charset=utf-8"
  const char* data;          // the file's bytes; static
  size_t size;
};

// The asset named "name" (a file name of cli/web/), or nullptr.
const WebAsset* FindWebAsset(std::string_view name);

}  // namespace quotes

#endif  // CLI_WEB_ASSETS_H_

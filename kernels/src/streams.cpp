// The stream table's rows (stream_table.def) and its lookups.
#include "lifbench/streams.hpp"

#include <array>

namespace lifbench {
namespace {

constexpr std::array kStreams = {
#define LIFBENCH_STREAM(name, version, counter_based, summary) \
  StreamInfo{Stream::name, #name, version, counter_based, summary},
#include "lifbench/stream_table.def"
#undef LIFBENCH_STREAM
};

}  // namespace

std::span<const StreamInfo> stream_table() { return kStreams; }

const StreamInfo& stream_info(Stream s) { return kStreams[static_cast<std::size_t>(s)]; }

std::string_view to_string(Stream s) { return stream_info(s).name; }

bool parse_stream(std::string_view text, Stream* s) {
  for (const StreamInfo& info : kStreams) {
    if (info.name == text) {
      *s = info.stream;
      return true;
    }
  }
  return false;
}

std::string stream_choices(std::string_view sep) {
  std::string out;
  for (const StreamInfo& info : kStreams) {
    if (!out.empty()) out.append(sep);
    out.append(info.name);
  }
  return out;
}

std::string_view stream_unavailable_reason(Stream s) {
  (void)s;
  return {};
}

std::vector<Stream> streams_here() {
  std::vector<Stream> out;
  for (const StreamInfo& info : kStreams) {
    if (stream_unavailable_reason(info.stream).empty()) out.push_back(info.stream);
  }
  return out;
}

std::vector<Stream> counter_streams_here() {
  std::vector<Stream> out;
  for (Stream s : streams_here()) {
    if (counter_based(s)) out.push_back(s);
  }
  return out;
}

}  // namespace lifbench

// A small NPY (format 1.0) writer: little-endian, C order, the dtypes lifbench writes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lifbench::npy {

// The NPY header for a C-order array of `descr` ('<f8', '<f4', '|u1', '<i8') and `shape`,
// padded with spaces so that the data starts at a multiple of 64 bytes.
std::string header(const std::string& descr, const std::vector<std::int64_t>& shape);

// The dtype string of an element type.
template <class T>
const char* descr();
template <>
inline const char* descr<double>() {
  return "<f8";
}
template <>
inline const char* descr<float>() {
  return "<f4";
}
template <>
inline const char* descr<std::uint8_t>() {
  return "|u1";
}
template <>
inline const char* descr<std::int64_t>() {
  return "<i8";
}

}  // namespace lifbench::npy

// A minimal JSON reader for the test goldens (reference/golden/*.json, notebook.py output).
//
// Numbers keep their text and are converted with strtod/strtoll on demand, so a double that
// Python wrote with repr() comes back bit for bit. The strings "inf", "-inf" and "nan"
// (how notebook.py writes non-finite values in strict JSON) read as numbers too.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace lifbench_test {

class Json {
 public:
  enum class Kind { null, boolean, number, string, array, object };

  // Parses a whole JSON text; throws std::runtime_error on malformed input.
  static Json parse(const std::string& text) {
    std::size_t pos = 0;
    Json value = parse_value(text, pos);
    skip_space(text, pos);
    if (pos != text.size()) throw std::runtime_error("json: trailing characters");
    return value;
  }

  // Reads and parses a file.
  static Json load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("json: cannot open " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return parse(ss.str());
  }

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool has(const std::string& key) const { return kind_ == Kind::object && object_.count(key); }

  // Member of an object; throws if absent.
  const Json& operator[](const std::string& key) const {
    auto it = object_.find(key);
    if (kind_ != Kind::object || it == object_.end()) {
      throw std::runtime_error("json: no member '" + key + "'");
    }
    return it->second;
  }
  // Element of an array.
  const Json& operator[](std::size_t i) const { return array_.at(i); }
  std::size_t size() const { return kind_ == Kind::object ? object_.size() : array_.size(); }

  // A number as double (exact for repr-written values); "inf"/"-inf"/"nan" strings too.
  double as_double() const {
    if (kind_ == Kind::string) {
      if (text_ == "inf") return std::numeric_limits<double>::infinity();
      if (text_ == "-inf") return -std::numeric_limits<double>::infinity();
      if (text_ == "nan") return std::numeric_limits<double>::quiet_NaN();
    }
    if (kind_ != Kind::number) throw std::runtime_error("json: not a number");
    return std::strtod(text_.c_str(), nullptr);
  }
  // An integer number.
  std::int64_t as_int() const {
    if (kind_ != Kind::number) throw std::runtime_error("json: not a number");
    return std::strtoll(text_.c_str(), nullptr, 10);
  }
  const std::string& as_string() const {
    if (kind_ != Kind::string) throw std::runtime_error("json: not a string");
    return text_;
  }
  // An array of numbers as doubles.
  std::vector<double> as_doubles() const {
    std::vector<double> out;
    for (const Json& e : array_) out.push_back(e.as_double());
    return out;
  }
  // An array of integers.
  std::vector<std::int64_t> as_ints() const {
    std::vector<std::int64_t> out;
    for (const Json& e : array_) out.push_back(e.as_int());
    return out;
  }

 private:
  static void skip_space(const std::string& s, std::size_t& pos) {
    while (pos < s.size() &&
           (s[pos] == ' ' || s[pos] == '\n' || s[pos] == '\r' || s[pos] == '\t')) {
      ++pos;
    }
  }

  static void expect(const std::string& s, std::size_t& pos, const char* word) {
    for (const char* c = word; *c; ++c, ++pos) {
      if (pos >= s.size() || s[pos] != *c) throw std::runtime_error("json: bad literal");
    }
  }

  // A string literal; \uXXXX escapes are kept only for ASCII (enough for the goldens).
  static std::string parse_string(const std::string& s, std::size_t& pos) {
    std::string out;
    ++pos;  // opening quote
    while (pos < s.size() && s[pos] != '"') {
      char c = s[pos++];
      if (c == '\\') {
        if (pos >= s.size()) break;
        const char e = s[pos++];
        switch (e) {
          case 'n':
            c = '\n';
            break;
          case 't':
            c = '\t';
            break;
          case 'r':
            c = '\r';
            break;
          case 'b':
            c = '\b';
            break;
          case 'f':
            c = '\f';
            break;
          case 'u': {
            c = static_cast<char>(std::strtol(s.substr(pos, 4).c_str(), nullptr, 16));
            pos += 4;
            break;
          }
          default:
            c = e;
        }
      }
      out += c;
    }
    if (pos >= s.size()) throw std::runtime_error("json: unterminated string");
    ++pos;  // closing quote
    return out;
  }

  static Json parse_value(const std::string& s, std::size_t& pos) {
    skip_space(s, pos);
    if (pos >= s.size()) throw std::runtime_error("json: unexpected end");
    Json v;
    const char c = s[pos];
    if (c == '{') {
      v.kind_ = Kind::object;
      ++pos;
      skip_space(s, pos);
      if (s[pos] == '}') {
        ++pos;
        return v;
      }
      while (true) {
        skip_space(s, pos);
        if (s[pos] != '"') throw std::runtime_error("json: expected a key");
        std::string key = parse_string(s, pos);
        skip_space(s, pos);
        expect(s, pos, ":");
        v.object_.emplace(std::move(key), parse_value(s, pos));
        skip_space(s, pos);
        if (s[pos] == ',') {
          ++pos;
        } else {
          expect(s, pos, "}");
          return v;
        }
      }
    }
    if (c == '[') {
      v.kind_ = Kind::array;
      ++pos;
      skip_space(s, pos);
      if (s[pos] == ']') {
        ++pos;
        return v;
      }
      while (true) {
        v.array_.push_back(parse_value(s, pos));
        skip_space(s, pos);
        if (s[pos] == ',') {
          ++pos;
        } else {
          expect(s, pos, "]");
          return v;
        }
      }
    }
    if (c == '"') {
      v.kind_ = Kind::string;
      v.text_ = parse_string(s, pos);
      return v;
    }
    if (c == 't' || c == 'f') {
      expect(s, pos, c == 't' ? "true" : "false");
      v.kind_ = Kind::boolean;
      v.text_ = c == 't' ? "true" : "false";
      return v;
    }
    if (c == 'n') {
      expect(s, pos, "null");
      return v;
    }
    const std::size_t start = pos;
    while (pos < s.size() &&
           std::string_view("+-0123456789.eE").find(s[pos]) != std::string_view::npos) {
      ++pos;
    }
    if (pos == start) throw std::runtime_error("json: unexpected character");
    v.kind_ = Kind::number;
    v.text_ = s.substr(start, pos - start);
    return v;
  }

  Kind kind_ = Kind::null;
  std::string text_;
  std::vector<Json> array_;
  std::map<std::string, Json> object_;
};

}  // namespace lifbench_test

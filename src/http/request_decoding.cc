#include "http/request_decoding.h"
#include "common/text_codec.h"

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "validators/text.h"

namespace prefill {

namespace {

using validators::IsValidUtf8;

// ---------------------------------------------------------------------------
// Small text helpers.

bool IsSpaceOrTab(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpaceOrTab(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpaceOrTab(s.back())) s.remove_suffix(1);
  return s;
}

// A parameter name fit to appear in an error message, or a neutral phrase.
// Names are echoed only when short and plain ASCII, so messages (which end up
// in logs) cannot carry arbitrary bytes.
std::string DescribeName(std::string_view name) {
  if (name.empty() || name.size() > 64) return "a parameter name";
  for (char c : name) {
    if (c < 0x21 || c > 0x7E) return "a parameter name";
  }
  return "'" + std::string(name) + "'";
}

// ---------------------------------------------------------------------------
// Names and values: the checks every source shares.

Status CheckName(std::string_view name, std::string_view source, const DecodeLimits& limits) {
  std::string where(source);
  if (name.empty()) return Status::InvalidArgument(where + ": empty parameter name");
  if (name.size() > limits.max_name_bytes) {
    return Status::TooLarge(where + ": a parameter name is longer than " +
                            std::to_string(limits.max_name_bytes) + " bytes");
  }
  if (!IsValidUtf8(name)) return Status::InvalidArgument(where + ": a parameter name is not valid UTF-8");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7F) {
      return Status::InvalidArgument(where + ": a parameter name contains a control character");
    }
  }
  const std::size_t open = name.find('[');
  const std::size_t close = name.find(']');
  if (open == std::string_view::npos && close == std::string_view::npos) return Status::OK();
  const std::string bad = where + ": parameter name " + DescribeName(name);
  if (open == std::string_view::npos || open == 0 || close < open) {
    return Status::InvalidArgument(bad + " has unbalanced brackets");
  }
  if (close != name.size() - 1 || name.find('[', open + 1) != std::string_view::npos) {
    return Status::InvalidArgument(bad + " nests brackets more than one level");
  }
  if (close == open + 1) return Status::InvalidArgument(bad + " has an empty key ('[]' lists are not supported)");
  return Status::OK();
}

// Collects pairs from all sources into one DecodedParams, enforcing limits.
class ParamsBuilder {
 public:
  explicit ParamsBuilder(const DecodeLimits& limits) : limits_(limits) {}

  // Counts one pair against max_params without storing it (ignored parts).
  Status Count(std::string_view source) {
    if (++count_ > limits_.max_params) {
      return Status::TooLarge(std::string(source) + ": more than " + std::to_string(limits_.max_params) +
                              " parameters");
    }
    return Status::OK();
  }

  Status Add(std::string name, std::string value, std::string_view source) {
    Status s = Count(source);
    if (!s.ok()) return s;
    s = CheckName(name, source, limits_);
    if (!s.ok()) return s;
    if (!IsValidUtf8(value)) {
      return Status::InvalidArgument(std::string(source) + ": the value of " + DescribeName(name) +
                                     " is not valid UTF-8");
    }
    // A NUL byte in a value is a control character like any other (SPEC section
    // 2): the validators refuse it on its field, and the rest of the request
    // is stored. Names are checked above: a NUL there is 108.
    params_.Set(std::move(name), std::move(value));
    return Status::OK();
  }

  DecodedParams Take() { return std::move(params_); }

 private:
  const DecodeLimits& limits_;
  std::size_t count_ = 0;
  DecodedParams params_;
};

// ---------------------------------------------------------------------------
// application/x-www-form-urlencoded (also the query string).


Status DecodeUrlencoded(std::string_view text, std::string_view source, ParamsBuilder* builder) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = text.substr(start, end - start);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      const std::string_view raw_name = pair.substr(0, eq);
      const std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      std::string name, value;
      if (!PercentDecode(raw_name, &name, /*plus_is_space=*/true) ||
          !PercentDecode(raw_value, &value, /*plus_is_space=*/true)) {
        return Status::InvalidArgument(std::string(source) + ": bad percent-escape in the pair at byte " +
                                       std::to_string(start));
      }
      Status s = builder->Add(std::move(name), std::move(value), source);
      if (!s.ok()) return s;
    }
    start = end + 1;
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------
// Header values with parameters: Content-Type, Content-Disposition.

struct HeaderValue {
  std::string main;                           // lower-cased, e.g. "multipart/form-data"
  std::map<std::string, std::string> params;  // lower-cased names; values unquoted
};

bool IsTokenChar(char c) {
  if (c <= 0x20 || c >= 0x7F) return false;
  return std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}

// Parses `main *( ";" name "=" ( token / quoted-string ) )` (RFC 9110, 2183).
// `main` may contain '/'. False when malformed.
bool ParseHeaderValue(std::string_view text, HeaderValue* out) {
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < text.size() && IsSpaceOrTab(text[i])) ++i;
  };
  skip_space();
  const std::size_t main_start = i;
  while (i < text.size() && (IsTokenChar(text[i]) || text[i] == '/')) ++i;
  if (i == main_start) return false;
  out->main = validators::AsciiLower(text.substr(main_start, i - main_start));
  skip_space();
  while (i < text.size()) {
    if (text[i] != ';') return false;
    ++i;
    skip_space();
    if (i == text.size()) break;  // a trailing ';' is harmless
    const std::size_t name_start = i;
    while (i < text.size() && IsTokenChar(text[i])) ++i;
    if (i == name_start) return false;
    const std::string name = validators::AsciiLower(text.substr(name_start, i - name_start));
    skip_space();
    if (i == text.size() || text[i] != '=') return false;
    ++i;
    skip_space();
    std::string value;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        const char c = text[i++];
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\' && i < text.size()) {
          value.push_back(text[i++]);
        } else {
          value.push_back(c);
        }
      }
      if (!closed) return false;
    } else {
      const std::size_t value_start = i;
      while (i < text.size() && IsTokenChar(text[i])) ++i;
      if (i == value_start) return false;
      value = std::string(text.substr(value_start, i - value_start));
    }
    if (out->params.count(name)) return false;  // a repeated parameter is ambiguous
    out->params[name] = std::move(value);
    skip_space();
  }
  return true;
}

// Only UTF-8 (and its subset US-ASCII) is accepted; without a charset UTF-8 is assumed.
Status CheckCharset(const HeaderValue& type, std::string_view source) {
  auto it = type.params.find("charset");
  if (it == type.params.end()) return Status::OK();
  const std::string charset = validators::AsciiLower(it->second);
  if (charset == "utf-8" || charset == "utf8" || charset == "us-ascii") return Status::OK();
  return Status::InvalidArgument(std::string(source) + ": unsupported charset (only UTF-8 is accepted)");
}

// ---------------------------------------------------------------------------
// multipart/form-data (RFC 7578 on RFC 2046).

constexpr std::string_view kMultipart = "multipart body";

Status MultipartError(std::string what) { return Status::InvalidArgument(std::string(kMultipart) + ": " + what); }

// Reads the header block of one part. Lines are CRLF-separated.
Status ParsePartHeaders(std::string_view block, std::map<std::string, std::string>* headers) {
  std::size_t start = 0;
  while (start < block.size()) {
    std::size_t end = block.find("\r\n", start);
    if (end == std::string_view::npos) end = block.size();
    const std::string_view line = block.substr(start, end - start);
    start = end + 2;
    if (line.empty()) continue;
    if (IsSpaceOrTab(line.front())) return MultipartError("folded part header lines are not supported");
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return MultipartError("malformed part header line");
    for (char c : line.substr(0, colon)) {
      if (!IsTokenChar(c)) return MultipartError("malformed part header name");
    }
    const std::string name = validators::AsciiLower(line.substr(0, colon));
    if (headers->count(name)) return MultipartError("repeated part header");
    (*headers)[name] = std::string(Trim(line.substr(colon + 1)));
  }
  return Status::OK();
}

// One part: headers, a blank line, the content.
Status DecodePart(std::string_view part, ParamsBuilder* builder) {
  std::string_view header_block, content;
  if (part.substr(0, 2) == "\r\n") {
    content = part.substr(2);  // a part without headers
  } else {
    const std::size_t blank = part.find("\r\n\r\n");
    if (blank == std::string_view::npos) return MultipartError("a part has no blank line after its headers");
    header_block = part.substr(0, blank);
    content = part.substr(blank + 4);
  }
  std::map<std::string, std::string> headers;
  Status s = ParsePartHeaders(header_block, &headers);
  if (!s.ok()) return s;

  auto disposition_it = headers.find("content-disposition");
  if (disposition_it == headers.end()) return MultipartError("a part has no Content-Disposition header");
  HeaderValue disposition;
  if (!ParseHeaderValue(disposition_it->second, &disposition) || disposition.main != "form-data") {
    return MultipartError("a part's Content-Disposition is not 'form-data; name=...'");
  }
  auto name_it = disposition.params.find("name");
  if (name_it == disposition.params.end()) return MultipartError("a part has no name");

  auto encoding_it = headers.find("content-transfer-encoding");
  if (encoding_it != headers.end()) {
    const std::string encoding = validators::AsciiLower(encoding_it->second);
    if (encoding != "7bit" && encoding != "8bit" && encoding != "binary") {
      return MultipartError("unsupported Content-Transfer-Encoding");
    }
  }
  auto type_it = headers.find("content-type");
  if (type_it != headers.end()) {
    HeaderValue type;
    if (!ParseHeaderValue(type_it->second, &type)) return MultipartError("malformed part Content-Type");
    s = CheckCharset(type, kMultipart);
    if (!s.ok()) return s;
  }
  // Prefill takes no uploads: file parts are skipped, as PHP keeps them out of $_POST.
  if (disposition.params.count("filename") || disposition.params.count("filename*")) {
    return builder->Count(kMultipart);
  }
  return builder->Add(name_it->second, std::string(content), kMultipart);
}

Status DecodeMultipart(std::string_view body, const HeaderValue& type, ParamsBuilder* builder) {
  auto boundary_it = type.params.find("boundary");
  if (boundary_it == type.params.end() || boundary_it->second.empty()) {
    return MultipartError("Content-Type has no boundary");
  }
  const std::string& boundary = boundary_it->second;
  if (boundary.size() > 70) return MultipartError("boundary is longer than 70 characters");
  if (boundary.find_first_of("\r\n") != std::string::npos) return MultipartError("boundary contains a line break");

  const std::string dash = "--" + boundary;
  const std::string delimiter = "\r\n" + dash;
  // The first delimiter opens the body or follows a preamble line.
  std::size_t pos;
  if (body.substr(0, dash.size()) == dash) {
    pos = 0;
  } else {
    pos = body.find(delimiter);
    if (pos == std::string_view::npos) return MultipartError("the boundary does not occur in the body");
    pos += 2;
  }
  for (;;) {
    std::size_t p = pos + dash.size();  // just after "--boundary"
    if (body.substr(p, 2) == "--") return Status::OK();  // close delimiter; the epilogue is ignored
    while (p < body.size() && IsSpaceOrTab(body[p])) ++p;  // transport padding
    if (body.substr(p, 2) != "\r\n") {
      return MultipartError(p >= body.size() ? "the body ends without its closing boundary"
                                             : "a boundary line is followed by other text");
    }
    p += 2;
    const std::size_t next = body.find(delimiter, p);
    if (next == std::string_view::npos) return MultipartError("the body ends without its closing boundary");
    Status s = DecodePart(body.substr(p, next - p), builder);
    if (!s.ok()) return s;
    pos = next + 2;
  }
}

// ---------------------------------------------------------------------------
// application/json: one object; values are scalars or objects of scalars.

constexpr std::string_view kJson = "JSON body";

// SAX handler that writes pairs straight into the builder and stops at the
// first structure Prefill does not accept, so hostile nesting costs nothing.
class JsonParamsHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonParamsHandler> {
 public:
  explicit JsonParamsHandler(ParamsBuilder* builder) : builder_(builder) {}

  const Status& status() const { return status_; }

  bool StartObject() {
    if (depth_ == 0) {
      depth_ = 1;
      return true;
    }
    if (depth_ == 1) {
      group_ = key_;
      depth_ = 2;
      return true;
    }
    return Fail("objects nest more than two levels (only {\"group\": {\"key\": value}} is accepted)");
  }
  bool EndObject(rapidjson::SizeType) {
    --depth_;
    return true;
  }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    key_.assign(str, length);
    return true;
  }
  bool StartArray() { return Fail("arrays are not supported"); }
  bool EndArray(rapidjson::SizeType) { return Fail("arrays are not supported"); }

  bool String(const char* str, rapidjson::SizeType length, bool) { return Value(std::string(str, length)); }
  // Numbers keep their literal text (kParseNumbersAsStringsFlag): 12.50 stays "12.50".
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) { return Value(std::string(str, length)); }
  bool Bool(bool b) { return Value(b ? "1" : "0"); }
  bool Null() { return Value(std::string()); }
  bool Default() { return Fail("unexpected value"); }  // unreachable with the flags used

 private:
  bool Value(std::string value) {
    if (depth_ == 0) return Fail("the top level must be an object");
    std::string name = depth_ == 1 ? key_ : group_ + "[" + key_ + "]";
    status_ = builder_->Add(std::move(name), std::move(value), kJson);
    return status_.ok();
  }
  bool Fail(const std::string& what) {
    status_ = Status::InvalidArgument(std::string(kJson) + ": " + what);
    return false;
  }

  ParamsBuilder* builder_;
  Status status_;
  int depth_ = 0;
  std::string group_;
  std::string key_;
};

Status DecodeJson(std::string_view body, ParamsBuilder* builder) {
  // RapidJSON's streams end at NUL, which would hide whatever follows it.
  if (body.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument(std::string(kJson) + ": contains a NUL byte");
  }
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseNumbersAsStringsFlag;
  // RFC 8259 lets a parser ignore a byte order mark.
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  rapidjson::MemoryStream stream(body.data(), body.size());
  JsonParamsHandler handler(builder);
  rapidjson::Reader reader;
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);
  if (!handler.status().ok()) return handler.status();
  if (result.IsError()) {
    return Status::InvalidArgument(std::string(kJson) + ": " + rapidjson::GetParseError_En(result.Code()) +
                                   " (at byte " + std::to_string(result.Offset()) + ")");
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------
// The body, by Content-Type.

Status DecodeBody(const HttpRequest& request, ParamsBuilder* builder) {
  const std::string_view body = request.body;
  const std::string content_type = request.header("content-type");
  if (Trim(content_type).empty()) {
    // Clients that forget the header: a body opening with '{' is JSON, anything else urlencoded.
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && body[first] == '{') return DecodeJson(body, builder);
    return DecodeUrlencoded(body, "urlencoded body", builder);
  }
  HeaderValue type;
  if (!ParseHeaderValue(content_type, &type)) return Status::InvalidArgument("malformed Content-Type header");
  if (type.main == "application/x-www-form-urlencoded") {
    Status s = CheckCharset(type, "urlencoded body");
    return s.ok() ? DecodeUrlencoded(body, "urlencoded body", builder) : s;
  }
  if (type.main == "multipart/form-data") {
    Status s = CheckCharset(type, kMultipart);
    return s.ok() ? DecodeMultipart(body, type, builder) : s;
  }
  if (type.main == "application/json" ||
      (type.main.size() > 5 && type.main.compare(type.main.size() - 5, 5, "+json") == 0)) {
    Status s = CheckCharset(type, kJson);
    return s.ok() ? DecodeJson(body, builder) : s;
  }
  return Status::InvalidArgument("unsupported Content-Type for a request body (use "
                                 "application/x-www-form-urlencoded, multipart/form-data or application/json)");
}

}  // namespace

// ---------------------------------------------------------------------------

const std::string* DecodedParams::Get(std::string_view name) const {
  auto it = index_.find(name);
  return it == index_.end() ? nullptr : &entries_[it->second].second;
}

std::vector<DecodedParams::Entry> DecodedParams::Group(std::string_view prefix) const {
  std::vector<Entry> group;
  for (const auto& [name, value] : entries_) {
    const std::string_view n = name;
    if (n.size() > prefix.size() + 2 && n.substr(0, prefix.size()) == prefix && n[prefix.size()] == '[' &&
        n.back() == ']') {
      group.emplace_back(std::string(n.substr(prefix.size() + 1, n.size() - prefix.size() - 2)), value);
    }
  }
  return group;
}

void DecodedParams::Set(std::string name, std::string value) {
  auto it = index_.find(name);
  if (it != index_.end()) {
    entries_[it->second].second = std::move(value);
    return;
  }
  index_.emplace(name, entries_.size());
  entries_.emplace_back(std::move(name), std::move(value));
}

Result<DecodedParams> DecodeParams(const HttpRequest& request, const DecodeLimits& limits) {
  if (request.query.size() > limits.max_query_bytes) {
    return Status::TooLarge("query string is longer than " + std::to_string(limits.max_query_bytes) + " bytes");
  }
  if (request.body.size() > limits.max_body_bytes) {
    return Status::TooLarge("body is longer than " + std::to_string(limits.max_body_bytes) + " bytes");
  }
  ParamsBuilder builder(limits);
  Status s = DecodeUrlencoded(request.query, "query string", &builder);
  if (!s.ok()) return s;
  if (!request.body.empty()) {
    s = DecodeBody(request, &builder);
    if (!s.ok()) return s;
  }
  return builder.Take();
}

}  // namespace prefill

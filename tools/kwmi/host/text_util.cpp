#include "text_util.hpp"

#include <cctype>
#include <charconv>

#include <kwmi/utf8.hpp>

namespace kwmi::cli::host {

std::vector<std::string> SplitCommands(std::string_view text) {
    std::vector<std::string> out;
    std::string current;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if ((c == ';' || c == '\n') && !quoted) {
            out.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    out.push_back(current);
    return out;
}

std::vector<std::string> Tokenize(std::string_view line) {
    std::vector<std::string> tokens;
    std::string current;
    bool quoted = false, inToken = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
            if (inToken) tokens.push_back(current);
            current.clear();
            inToken = false;
            continue;
        }
        current += c;
        inToken = true;
    }
    if (inToken) tokens.push_back(current);
    return tokens;
}

std::string Unquote(std::string_view token) {
    if (token.size() >= 2 && token.front() == '"' && token.back() == '"') token = token.substr(1, token.size() - 2);
    return std::string(token);
}

std::string ToUtf8(std::u16string_view text) { return kwmi::text::Utf16ToUtf8(text); }

std::u16string ToUtf16(std::string_view text) {
    std::u16string out;
    for (std::size_t i = 0; i < text.size();) {
        auto b = static_cast<unsigned char>(text[i]);
        char32_t c = b;
        std::size_t extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : b >= 0xC0 ? 1 : 0;
        if (extra) c = b & (0x3F >> extra);
        ++i;
        for (std::size_t k = 0; k < extra && i < text.size(); ++k, ++i) c = (c << 6) | (text[i] & 0x3F);
        if (c >= 0x10000) {
            c -= 0x10000;
            out += static_cast<char16_t>(0xD800 + (c >> 10));
            out += static_cast<char16_t>(0xDC00 + (c & 0x3FF));
        } else {
            out += static_cast<char16_t>(c);
        }
    }
    return out;
}

std::optional<std::chrono::nanoseconds> ParseDuration(std::string_view text) {
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end == text.data()) return std::nullopt;
    std::string_view unit(end, text.data() + text.size() - end);
    using namespace std::chrono;
    if (unit.empty() || unit == "s") return duration_cast<nanoseconds>(seconds(value));
    if (unit == "ms") return duration_cast<nanoseconds>(milliseconds(value));
    if (unit == "us") return duration_cast<nanoseconds>(microseconds(value));
    if (unit == "ns") return nanoseconds(value);
    if (unit == "m" || unit == "min") return duration_cast<nanoseconds>(minutes(value));
    return std::nullopt;
}

std::string CsvField(std::string_view text) {
    if (text.find_first_of(",\"\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

void AppendListItem(std::string& list, std::string_view item, std::string_view separator) {
    if (!list.empty()) list += separator;
    list += item;
}

std::string Lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace kwmi::cli::host

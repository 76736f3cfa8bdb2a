// qualifier_numbers.cpp - see the header.
#include "qualifier_numbers.hpp"

#include <cerrno>
#include <cstdlib>

namespace kwmi::mof::detail {

std::optional<std::uint64_t> parseNumber(std::string_view text) {
    if (text.empty()) return std::nullopt;
    const std::string copy(text);  // strto* need a terminated string
    errno = 0;
    char* end = nullptr;
    if (copy[0] == '-') {
        const long long s = std::strtoll(copy.c_str(), &end, 0);
        if (errno != 0 || *end != '\0') return std::nullopt;
        return static_cast<std::uint64_t>(s);
    }
    const unsigned long long u = std::strtoull(copy.c_str(), &end, 0);
    if (errno != 0 || *end != '\0') return std::nullopt;
    return u;
}

std::optional<std::uint64_t> mappedNumber(const std::vector<std::string>& map, std::size_t i) {
    return i < map.size() ? parseNumber(map[i]) : std::optional<std::uint64_t>(i);
}

}  // namespace kwmi::mof::detail

// guid_security.cpp - SDDL subset and DACL evaluation for WMI GUIDs.
#include "guid_security.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <wmium.h>

namespace kwmi::wmi {
namespace {

constexpr ACCESS_MASK kGenericRead = 0x80000000u;
constexpr ACCESS_MASK kGenericWrite = 0x40000000u;
constexpr ACCESS_MASK kGenericExecute = 0x20000000u;
constexpr ACCESS_MASK kGenericAll = 0x10000000u;

std::string Upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::optional<std::string> ParseSid(std::string_view text) {
    std::string sid = Upper(text);
    static constexpr std::string_view kAliases[] = {"BA", "SY", "BU", "AU", "WD", "LS",
                                                    "NS", "IU", "BG", "CO", "PU"};
    if (std::find(std::begin(kAliases), std::end(kAliases), sid) != std::end(kAliases))
        return sid;
    if (sid.rfind("S-1-", 0) == 0 && sid.size() > 4) {
        // Well-known SIDs written out numerically become their aliases.
        if (sid == "S-1-5-32-544") return std::string("BA");
        if (sid == "S-1-5-18") return std::string("SY");
        if (sid == "S-1-5-32-545") return std::string("BU");
        if (sid == "S-1-5-11") return std::string("AU");
        if (sid == "S-1-1-0") return std::string("WD");
        return sid;
    }
    return std::nullopt;
}

std::optional<ACCESS_MASK> ParseRights(std::string_view text) {
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        ACCESS_MASK value = 0;
        auto [end, ec] = std::from_chars(text.data() + 2, text.data() + text.size(), value, 16);
        if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
        return MapGenericWmiRights(value);
    }
    ACCESS_MASK mask = 0;
    if (text.size() % 2 != 0) return std::nullopt;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        std::string right = Upper(text.substr(i, 2));
        if (right == "GA") mask |= kGenericAll;
        else if (right == "GR") mask |= kGenericRead;
        else if (right == "GW") mask |= kGenericWrite;
        else if (right == "GX") mask |= kGenericExecute;
        else return std::nullopt;
    }
    return MapGenericWmiRights(mask);
}

// "(A;;rights;;;sid)" without the parentheses.
std::optional<AccessControlEntry> ParseAce(std::string_view body) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i == body.size() || body[i] == ';') {
            fields.push_back(body.substr(start, i - start));
            start = i + 1;
        }
    }
    if (fields.size() != 6) return std::nullopt;
    AccessControlEntry ace;
    std::string type = Upper(fields[0]);
    if (type == "A") ace.allow = true;
    else if (type == "D") ace.allow = false;
    else return std::nullopt;
    auto rights = ParseRights(fields[2]);
    auto sid = ParseSid(fields[5]);
    if (!rights || !sid) return std::nullopt;
    ace.mask = *rights;
    ace.sid = *sid;
    return ace;
}

// DACL flags before the first ACE: P, AI, AR (inheritance, no effect on a GUID) and
// NO_ACCESS_CONTROL. Returns whether NO_ACCESS_CONTROL was given; nullopt for unknown flags.
std::optional<bool> ParseDaclFlags(std::string_view text) {
    static constexpr std::string_view kFlags[] = {"NO_ACCESS_CONTROL", "AI", "AR", "P"};
    bool nullDacl = false;
    while (!text.empty()) {
        auto known = std::find_if(std::begin(kFlags), std::end(kFlags),
                                  [&](std::string_view flag) { return text.starts_with(flag); });
        if (known == std::end(kFlags)) return std::nullopt;
        nullDacl = nullDacl || *known == kFlags[0];
        text.remove_prefix(known->size());
    }
    return nullDacl;
}

// A token's SID in the spelling ACEs use: well-known numeric SIDs become their aliases.
std::string NormalisedSid(std::string_view sid) {
    auto parsed = ParseSid(sid);
    return parsed ? *parsed : Upper(sid);
}

}  // namespace

ACCESS_MASK MapGenericWmiRights(ACCESS_MASK mask) {
    ACCESS_MASK out = mask & ~(kGenericRead | kGenericWrite | kGenericExecute | kGenericAll);
    if (mask & kGenericRead) out |= WMIGUID_QUERY;
    if (mask & kGenericWrite) out |= WMIGUID_SET;
    if (mask & kGenericExecute) out |= WMIGUID_EXECUTE;
    if (mask & kGenericAll) out |= WMIGUID_ALL_ACCESS;
    return out;
}

std::optional<SecurityDescriptor> SecurityDescriptor::FromSddl(std::string_view sddl) {
    SecurityDescriptor sd;
    std::size_t pos = 0;
    auto section_end = [&](std::size_t from) {
        // A section ends where the next "X:" tag starts (outside an ACE).
        int depth = 0;
        for (std::size_t i = from; i < sddl.size(); ++i) {
            if (sddl[i] == '(') ++depth;
            else if (sddl[i] == ')') --depth;
            else if (depth == 0 && i + 1 < sddl.size() && sddl[i + 1] == ':' &&
                     (sddl[i] == 'O' || sddl[i] == 'G' || sddl[i] == 'D' || sddl[i] == 'S'))
                return i;
        }
        return sddl.size();
    };
    while (pos < sddl.size()) {
        if (pos + 1 >= sddl.size() || sddl[pos + 1] != ':') return std::nullopt;
        char tag = sddl[pos];
        std::size_t end = section_end(pos + 2);
        std::string_view value = sddl.substr(pos + 2, end - pos - 2);
        if (tag == 'O' || tag == 'G') {
            auto sid = ParseSid(value);
            if (!sid) return std::nullopt;
            (tag == 'O' ? sd.owner : sd.group) = *sid;
        } else if (tag == 'D') {
            sd.hasDacl = true;
            std::size_t i = 0;
            while (i < value.size() && value[i] != '(') ++i;
            auto flags = ParseDaclFlags(value.substr(0, i));
            if (!flags) return std::nullopt;
            // NO_ACCESS_CONTROL is a NULL DACL: everyone gets everything.
            if (*flags) sd.hasDacl = false;
            while (i < value.size()) {
                if (value[i] != '(') return std::nullopt;
                std::size_t close = value.find(')', i);
                if (close == std::string_view::npos) return std::nullopt;
                auto ace = ParseAce(value.substr(i + 1, close - i - 1));
                if (!ace) return std::nullopt;
                sd.dacl.push_back(*ace);
                i = close + 1;
            }
        } else if (tag != 'S') {
            return std::nullopt;
        }
        pos = end;
    }
    return sd;
}

ACCESS_MASK SecurityDescriptor::Granted(const Identity& who, ACCESS_MASK wanted) const {
    if (!hasDacl) return wanted;
    auto matches = [&](const std::string& sid) {
        if (NormalisedSid(who.user) == sid) return true;
        for (const auto& group : who.groups)
            if (NormalisedSid(group) == sid) return true;
        return false;
    };
    ACCESS_MASK granted = 0;
    ACCESS_MASK denied = 0;
    for (const auto& ace : dacl) {
        if (!matches(ace.sid)) continue;
        if (ace.allow) granted |= ace.mask & ~denied;
        else denied |= ace.mask & ~granted;
    }
    return granted & wanted;
}

}  // namespace kwmi::wmi

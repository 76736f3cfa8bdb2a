// guid_security.hpp - security descriptors of WMI GUID objects: an SDDL subset parser and
// the DACL access check used by WmiOpenBlock and every request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kwmi/wmi_service.hpp>

namespace kwmi::wmi {

struct AccessControlEntry {
    bool allow = true;
    ACCESS_MASK mask = 0;  // generic bits already mapped to WMIGUID_* rights
    std::string sid;       // normalised: alias ("BA") or "S-1-…"
};

struct SecurityDescriptor {
    std::string owner;
    std::string group;
    bool hasDacl = false;  // no DACL = everyone gets everything
    std::vector<AccessControlEntry> dacl;

    // Subset of SDDL: "O:<sid>G:<sid>D:[flags](A;;rights;;;sid)(D;;rights;;;sid)…"; flags
    // P, AI, AR, NO_ACCESS_CONTROL (a NULL DACL: no access check). Unknown parts: nullopt.
    static std::optional<SecurityDescriptor> FromSddl(std::string_view sddl);
    // Rights of `who` from the DACL, ACEs in order: a deny ACE refuses the bits no earlier
    // ACE granted. SIDs of `who` match in either spelling ("S-1-5-32-544" = "BA").
    ACCESS_MASK Granted(const Identity& who, ACCESS_MASK wanted) const;
};

// GENERIC_READ/WRITE/EXECUTE/ALL -> WMIGUID_QUERY/SET/EXECUTE/ALL_ACCESS (ReactOS mapping).
ACCESS_MASK MapGenericWmiRights(ACCESS_MASK mask);

}  // namespace kwmi::wmi

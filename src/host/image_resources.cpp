// image_resources.cpp - reads and validates the resource table of a driver module (the
// equivalent of the resource section WMI reads a driver's MOFDATA from on Windows).
#include "image_resources.hpp"

#include <dlfcn.h>

#include <cstring>

namespace kwmi::host {
namespace {

// Sanity limits for a table that is not ours (a stray symbol of the same name, a corrupt module).
constexpr std::uint32_t kMaxEntries = 4096;
constexpr std::size_t kMaxNameUnits = 256;
constexpr std::uint64_t kMaxResourceBytes = 256ull << 20;

// Copies a NUL-terminated UTF-16 name of at most kMaxNameUnits units; false if longer or empty.
bool CopyName(const KWMI_RESOURCE_CHAR *text, std::u16string &out) {
    if (text == nullptr) return false;
    out.clear();
    for (std::size_t i = 0; i <= kMaxNameUnits; ++i) {
        if (text[i] == 0) return !out.empty();
        out.push_back(static_cast<char16_t>(text[i]));
    }
    return false;
}

}  // namespace

const KWMI_RESOURCE_TABLE *FindResourceTable(void *module) {
    if (module == nullptr) return nullptr;
    return static_cast<const KWMI_RESOURCE_TABLE *>(dlsym(module, KWMI_RESOURCE_TABLE_SYMBOL));
}

NTSTATUS ReadResourceTable(const KWMI_RESOURCE_TABLE *table, std::vector<wmi::ImageResource> &out,
                           std::string &problem) {
    out.clear();
    auto fail = [&](std::string why) {
        problem = "resource table: " + std::move(why);
        out.clear();
        return wmi::kStatusInvalidImageFormat;
    };
    if (table == nullptr) return fail("missing");
    if (table->Magic != KWMI_RESOURCE_TABLE_MAGIC) return fail("bad magic");
    if (table->Version != KWMI_RESOURCE_TABLE_VERSION)
        return fail("unsupported version " + std::to_string(table->Version));
    if (table->EntrySize < sizeof(KWMI_RESOURCE_ENTRY)) return fail("entry size " + std::to_string(table->EntrySize) + " too small");
    if (table->Count > kMaxEntries) return fail(std::to_string(table->Count) + " entries");
    if (table->Count != 0 && table->Entries == nullptr) return fail("no entry array");
    const auto *base = reinterpret_cast<const unsigned char *>(table->Entries);
    for (std::uint32_t i = 0; i < table->Count; ++i) {
        KWMI_RESOURCE_ENTRY entry;
        std::memcpy(&entry, base + static_cast<std::size_t>(i) * table->EntrySize, sizeof entry);
        wmi::ImageResource resource;
        if (!CopyName(entry.Type, resource.type)) return fail("entry " + std::to_string(i) + ": bad type");
        if (!CopyName(entry.Name, resource.name)) return fail("entry " + std::to_string(i) + ": bad name");
        if (entry.Size > kMaxResourceBytes) return fail("entry " + std::to_string(i) + ": size too large");
        if (entry.Size != 0 && entry.Data == nullptr) return fail("entry " + std::to_string(i) + ": no data");
        for (const wmi::ImageResource &earlier : out) {
            if (wmi::SameResourceName(earlier.type, resource.type) && wmi::SameResourceName(earlier.name, resource.name))
                return fail("entry " + std::to_string(i) + ": duplicate resource");
        }
        const auto *data = static_cast<const std::uint8_t *>(entry.Data);
        if (entry.Size != 0) resource.data.assign(data, data + entry.Size);
        out.push_back(std::move(resource));
    }
    problem.clear();
    return 0;  // STATUS_SUCCESS
}

}  // namespace kwmi::host

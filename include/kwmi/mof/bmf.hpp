// Binary MOF (spec mof-toolchain §4): the FOMB container, DS-01 compression and the
// decompressed object layout; a writer from a Schema and a reader back to a Schema.
#pragma once

#include <kwmi/mof/diagnostics.hpp>
#include <kwmi/mof/model.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kwmi::mof {

using Bytes = std::vector<uint8_t>;

// DS-01 ("DoubleSpace") stream: "DS" 00 01, tokens, sync marks every 512 output bytes.
Bytes ds01Compress(const uint8_t* data, size_t size, bool literalsOnly = false);
// nullopt (and a message in *error) on a malformed stream or when the output would
// not have exactly `expectedSize` bytes.
std::optional<Bytes> ds01Decompress(const uint8_t* data, size_t size, size_t expectedSize, std::string* error);

// The decompressed "FOMB" object blob of a schema (classes in declaration order).
Bytes serializeBmfObjects(const Schema& schema);
// Container: 16-byte header + compressed stream.
Bytes writeBmf(const Schema& schema);

struct BmfContainerInfo {
    uint32_t version = 0;
    uint32_t compressedSize = 0;
    uint32_t decompressedSize = 0;
};
// Checks the container header and decompresses; accepts trailing bytes (ACPI WQxx).
std::optional<Bytes> unpackBmf(const uint8_t* data, size_t size, BmfContainerInfo* info, Diagnostics& diags);

// Rebuilds the class model from decompressed object data (types from CIMTYPE,
// fixed arrays from MAX, flavours from the BMOFQUALFLAVOR11 section).
std::optional<Schema> parseBmfObjects(const uint8_t* data, size_t size, Diagnostics& diags);
// unpackBmf + parseBmfObjects.
std::optional<Schema> readBmf(const uint8_t* data, size_t size, Diagnostics& diags);

// MOF source text for a schema (bmf2mof).
std::string printMof(const Schema& schema);

}  // namespace kwmi::mof

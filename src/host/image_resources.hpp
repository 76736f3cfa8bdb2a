// image_resources.hpp - reading the resource table a driver module exports (kwmi/resources.h).
#pragma once

#include <kwmi/image_resources.hpp>
#include <kwmi/resources.h>

#include <string>
#include <vector>

namespace kwmi::host {

// The table the module exports under KWMI_RESOURCE_TABLE_SYMBOL, or nullptr.
const KWMI_RESOURCE_TABLE *FindResourceTable(void *module);

// Validates `table` and copies its entries. STATUS_SUCCESS, or kStatusInvalidImageFormat with
// the reason in `problem` (nothing is copied then).
NTSTATUS ReadResourceTable(const KWMI_RESOURCE_TABLE *table, std::vector<wmi::ImageResource> &out,
                           std::string &problem);

}  // namespace kwmi::host

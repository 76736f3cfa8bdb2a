// pending_requests.hpp - what WmiSystemControl remembers about an IRP until the driver calls
// WmiCompleteRequest for it (WmiCompleteRequest only receives the IRP).
#pragma once

#include <wmilib.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace kwmi::wmilib {

struct PendingRequest {
    UCHAR minor = 0;
    ULONG dataBlockOffset = 0;        // where instance data starts in the WNODE
    ULONG instanceCount = 0;          // QUERY_ALL_DATA
    std::vector<ULONG> lengths;       // InstanceLengthArray handed to the driver
};

void RememberRequest(PIRP irp, PendingRequest request);
// Removes and returns the record; nullopt when WmiSystemControl did not dispatch this IRP.
std::optional<PendingRequest> TakeRequest(PIRP irp);
// The length array of a remembered request (stable until TakeRequest).
PULONG LengthArray(PIRP irp);

}  // namespace kwmi::wmilib

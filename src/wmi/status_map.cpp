// status_map.cpp - NTSTATUS -> Win32 error code for the statuses the WMI path produces
// (RtlNtStatusToDosError's table, WMI rows per spec §3.6).
#include <kwmi/wmi_service.hpp>

#include <wmium.h>

namespace kwmi::wmi {

ULONG NtStatusToWin32(NTSTATUS status) {
    switch (static_cast<ULONG>(status)) {
    case 0x00000000: return ERROR_SUCCESS;
    case 0xC0000295: return ERROR_WMI_GUID_NOT_FOUND;
    case 0xC0000296: return ERROR_WMI_INSTANCE_NOT_FOUND;
    case 0xC0000297: return ERROR_WMI_ITEMID_NOT_FOUND;
    case 0xC0000298: return ERROR_WMI_TRY_AGAIN;
    case 0xC00002C6: return ERROR_WMI_READ_ONLY;
    case 0xC00002C7: return ERROR_WMI_SET_FAILURE;
    case 0xC00002DD: return ERROR_NOT_SUPPORTED;        // STATUS_WMI_NOT_SUPPORTED
    case 0xC0000301: return ERROR_WMI_GUID_DISCONNECTED;
    case 0xC0000302: return ERROR_WMI_ALREADY_DISABLED;
    case 0xC0000303: return ERROR_WMI_ALREADY_ENABLED;
    case 0xC0000023: return ERROR_INSUFFICIENT_BUFFER;  // STATUS_BUFFER_TOO_SMALL
    case 0x80000005: return ERROR_MORE_DATA;            // STATUS_BUFFER_OVERFLOW
    case 0xC0000010: return ERROR_INVALID_FUNCTION;     // STATUS_INVALID_DEVICE_REQUEST
    case 0xC000000D: return ERROR_INVALID_PARAMETER;
    case 0xC0000001: return ERROR_GEN_FAILURE;          // STATUS_UNSUCCESSFUL
    case 0xC000009A: return ERROR_NO_SYSTEM_RESOURCES;  // STATUS_INSUFFICIENT_RESOURCES
    case 0xC00000BB: return ERROR_NOT_SUPPORTED;        // STATUS_NOT_SUPPORTED
    case 0xC0000022: return ERROR_ACCESS_DENIED;        // STATUS_ACCESS_DENIED
    case 0xC0000008: return ERROR_INVALID_HANDLE;       // STATUS_INVALID_HANDLE
    case 0xC0000017: return ERROR_NOT_ENOUGH_MEMORY;    // STATUS_NO_MEMORY
    case 0xC0000002: return 120;                        // ERROR_CALL_NOT_IMPLEMENTED
    case 0xC000000E: return ERROR_WMI_DP_NOT_FOUND;     // STATUS_NO_SUCH_DEVICE
    case 0xC000003E: return ERROR_WMI_DP_FAILED;        // STATUS_DATA_ERROR: malformed answer
    // image resource lookups (mof_resources.cpp), as FindResource reports them
    case 0xC0000034: return 2;     // STATUS_OBJECT_NAME_NOT_FOUND -> ERROR_FILE_NOT_FOUND
    case 0xC000007B: return 193;   // STATUS_INVALID_IMAGE_FORMAT -> ERROR_BAD_EXE_FORMAT
    case 0xC0000089: return 1812;  // STATUS_RESOURCE_DATA_NOT_FOUND -> ERROR_RESOURCE_DATA_NOT_FOUND
    case 0xC000008A: return 1813;  // STATUS_RESOURCE_TYPE_NOT_FOUND -> ERROR_RESOURCE_TYPE_NOT_FOUND
    case 0xC000008B: return 1814;  // STATUS_RESOURCE_NAME_NOT_FOUND -> ERROR_RESOURCE_NAME_NOT_FOUND
    default: return ERROR_GEN_FAILURE;
    }
}

}  // namespace kwmi::wmi

/*
 * wmium.h - the user-mode WMI data-block API (advapi32's Wmi* functions): open a GUID,
 * query/set/execute through WNODE buffers, register for event notifications.
 * Every function returns a Win32 error code (ERROR_SUCCESS on success).
 */
#ifndef KWMI_WDK_WMIUM_H
#define KWMI_WDK_WMIUM_H

#include <ntdef.h>
#include <guiddef.h>
#include <wmistr.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WMIAPI

typedef PVOID WMIHANDLE, *PWMIHANDLE;
typedef PVOID MOFHANDLE, *PMOFHANDLE;

/* ---- Win32 error codes used by the API (same values as winerror.h) ---- */
#ifndef ERROR_SUCCESS
#define ERROR_SUCCESS 0L
#endif
#ifndef ERROR_INVALID_FUNCTION
#define ERROR_INVALID_FUNCTION 1L
#endif
#ifndef ERROR_ACCESS_DENIED
#define ERROR_ACCESS_DENIED 5L
#endif
#ifndef ERROR_INVALID_HANDLE
#define ERROR_INVALID_HANDLE 6L
#endif
#ifndef ERROR_NOT_ENOUGH_MEMORY
#define ERROR_NOT_ENOUGH_MEMORY 8L
#endif
#ifndef ERROR_INVALID_DATA
#define ERROR_INVALID_DATA 13L
#endif
#ifndef ERROR_GEN_FAILURE
#define ERROR_GEN_FAILURE 31L
#endif
#ifndef ERROR_NOT_SUPPORTED
#define ERROR_NOT_SUPPORTED 50L
#endif
#ifndef ERROR_INVALID_PARAMETER
#define ERROR_INVALID_PARAMETER 87L
#endif
#ifndef ERROR_INSUFFICIENT_BUFFER
#define ERROR_INSUFFICIENT_BUFFER 122L
#endif
#ifndef ERROR_MORE_DATA
#define ERROR_MORE_DATA 234L
#endif
#ifndef ERROR_NO_SYSTEM_RESOURCES
#define ERROR_NO_SYSTEM_RESOURCES 1450L
#endif
#ifndef ERROR_WMI_GUID_NOT_FOUND
#define ERROR_WMI_GUID_NOT_FOUND 4200L
#define ERROR_WMI_INSTANCE_NOT_FOUND 4201L
#define ERROR_WMI_ITEMID_NOT_FOUND 4202L
#define ERROR_WMI_TRY_AGAIN 4203L
#define ERROR_WMI_DP_NOT_FOUND 4204L
#define ERROR_WMI_UNRESOLVED_INSTANCE_REF 4205L
#define ERROR_WMI_ALREADY_ENABLED 4206L
#define ERROR_WMI_GUID_DISCONNECTED 4207L
#define ERROR_WMI_SERVER_UNAVAILABLE 4208L
#define ERROR_WMI_DP_FAILED 4209L
#define ERROR_WMI_INVALID_MOF 4210L
#define ERROR_WMI_INVALID_REGINFO 4211L
#define ERROR_WMI_ALREADY_DISABLED 4212L
#define ERROR_WMI_READ_ONLY 4213L
#define ERROR_WMI_SET_FAILURE 4214L
#endif

/* ---- generic rights accepted by WmiOpenBlock ---- */
#ifndef GENERIC_READ
#define GENERIC_READ (0x80000000L)
#define GENERIC_WRITE (0x40000000L)
#define GENERIC_EXECUTE (0x20000000L)
#define GENERIC_ALL (0x10000000L)
#endif
#ifndef SYNCHRONIZE
#define SYNCHRONIZE (0x00100000L)
#endif

/* ---- notifications ---- */
#define NOTIFICATION_TRACE_FLAG 0x00010000
#define NOTIFICATION_CALLBACK_DIRECT 0x00000004
#define NOTIFICATION_CHECK_ACCESS 0x00000008
#define NOTIFICATION_LIGHTWEIGHT_FLAG 0x00000020

typedef void(WMIAPI *NOTIFICATIONCALLBACK)(PWNODE_HEADER Wnode, UINT_PTR NotificationContext);

/* b48d49a1-e777-11d0-a50c-00a0c9062910 and its two siblings */
DEFINE_GUID(GUID_REGISTRATION_CHANGE_NOTIFICATION, 0xb48d49a1, 0xe777, 0x11d0, 0xa5, 0x0c, 0x00,
            0xa0, 0xc9, 0x06, 0x29, 0x10);
DEFINE_GUID(GUID_MOF_RESOURCE_ADDED_NOTIFICATION, 0xb48d49a2, 0xe777, 0x11d0, 0xa5, 0x0c, 0x00,
            0xa0, 0xc9, 0x06, 0x29, 0x10);
DEFINE_GUID(GUID_MOF_RESOURCE_REMOVED_NOTIFICATION, 0xb48d49a3, 0xe777, 0x11d0, 0xa5, 0x0c, 0x00,
            0xa0, 0xc9, 0x06, 0x29, 0x10);

/* ---- information records ---- */
typedef struct {
    ULONG Size;
    BOOLEAN IsExpensive;
    BOOLEAN IsEventOnly;
} WMIGUIDINFORMATION, *PWMIGUIDINFORMATION;

typedef struct {
    LPWSTR ImagePath;
    LPWSTR ResourceName;
    ULONG ResourceSize;
    UCHAR *ResourceBuffer; /* reserved */
} MOFRESOURCEINFOW, *PMOFRESOURCEINFOW;
typedef MOFRESOURCEINFOW MOFRESOURCEINFO;
typedef PMOFRESOURCEINFOW PMOFRESOURCEINFO;

#define MOFCI_RESERVED0 0x00000001
#define MOFCI_RESERVED1 0x00000002
#define MOFCI_RESERVED2 0x00000004

KWMI_STATIC_ASSERT(sizeof(WMIGUIDINFORMATION) == 8, "WMIGUIDINFORMATION is 8 bytes");
KWMI_STATIC_ASSERT(sizeof(MOFRESOURCEINFOW) == 32, "MOFRESOURCEINFOW is 32 bytes on x64");
KWMI_STATIC_ASSERT(__builtin_offsetof(MOFRESOURCEINFOW, ResourceSize) == 16, "ResourceSize@16");
KWMI_STATIC_ASSERT(__builtin_offsetof(MOFRESOURCEINFOW, ResourceBuffer) == 24, "ResourceBuffer@24");

/* ---- functions ---- */
ULONG WMIAPI WmiOpenBlock(GUID *Guid, ULONG DesiredAccess, WMIHANDLE *DataBlockHandle);
ULONG WMIAPI WmiCloseBlock(WMIHANDLE DataBlockHandle);

ULONG WMIAPI WmiQueryAllDataW(WMIHANDLE DataBlockHandle, PULONG BufferSize, PVOID Buffer);
ULONG WMIAPI WmiQueryAllDataMultipleW(WMIHANDLE *HandleList, ULONG HandleCount,
                                      PULONG InOutBufferSize, PVOID OutBuffer);
ULONG WMIAPI WmiQuerySingleInstanceW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName,
                                     PULONG BufferSize, PVOID Buffer);
ULONG WMIAPI WmiSetSingleInstanceW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName,
                                   ULONG Reserved, ULONG ValueBufferSize, PVOID ValueBuffer);
ULONG WMIAPI WmiSetSingleItemW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName,
                               ULONG DataItemId, ULONG Reserved, ULONG ValueBufferSize,
                               PVOID ValueBuffer);
ULONG WMIAPI WmiExecuteMethodW(WMIHANDLE MethodDataBlockHandle, LPCWSTR MethodInstanceName,
                               ULONG MethodId, ULONG InputValueBufferSize,
                               PVOID InputValueBuffer, ULONG *OutputBufferSize,
                               PVOID OutputBuffer);

ULONG WMIAPI WmiNotificationRegistrationW(LPGUID Guid, BOOLEAN Enable, PVOID DeliveryInfo,
                                          ULONG_PTR DeliveryContext, ULONG Flags);

ULONG WMIAPI WmiQueryGuidInformation(WMIHANDLE GuidHandle,
                                     PWMIGUIDINFORMATION GuidInfo);
ULONG WMIAPI WmiMofEnumerateResourcesW(MOFHANDLE MofResourceHandle, ULONG *MofResourceCount,
                                       PMOFRESOURCEINFOW *MofResourceInfo);
ULONG WMIAPI WmiEnumerateGuids(LPGUID GuidList, ULONG *GuidCount);
ULONG WMIAPI WmiDevInstToInstanceNameW(PWSTR InstanceName, ULONG InstanceNameLength,
                                       PWSTR DevInst, ULONG InstanceIndex);
void WMIAPI WmiFreeBuffer(PVOID Buffer);

/* kwmi extension: counters of a NOTIFICATION_CALLBACK_DIRECT registration (same Guid,
 * callback and context as registered). Events are never dropped silently: Dropped counts
 * events lost because the registration's queue was full, OverLimit events the provider
 * could not send because they exceeded the maximum event size. */
ULONG WMIAPI KwmiWmiQueryNotificationStats(LPGUID Guid, PVOID DeliveryInfo,
                                           ULONG_PTR DeliveryContext, ULONG64 *Delivered,
                                           ULONG64 *Dropped, ULONG64 *OverLimit);

#ifndef UNICODE_ONLY_WMIUM
#define WmiQueryAllData WmiQueryAllDataW
#define WmiQueryAllDataMultiple WmiQueryAllDataMultipleW
#define WmiQuerySingleInstance WmiQuerySingleInstanceW
#define WmiSetSingleInstance WmiSetSingleInstanceW
#define WmiSetSingleItem WmiSetSingleItemW
#define WmiExecuteMethod WmiExecuteMethodW
#define WmiNotificationRegistration WmiNotificationRegistrationW
#define WmiMofEnumerateResources WmiMofEnumerateResourcesW
#define WmiDevInstToInstanceName WmiDevInstToInstanceNameW
#endif

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_WMIUM_H */

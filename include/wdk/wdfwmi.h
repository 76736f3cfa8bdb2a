/*
 * wdfwmi.h - KMDF WMI provider and instance objects (KMDF 1.33 surface).
 *
 * Written from the behavioural specification (kmdf-wmi-semantics.md §1). Compiles as C11
 * (gnu17) and C++. Callers normally get it through <wdf.h>; it only needs the base types,
 * so it can also be included on its own.
 */
#ifndef KWMI_WDK_WDFWMI_H
#define KWMI_WDK_WDFWMI_H

#include <ntdef.h>
#include <guiddef.h>

#ifndef _Must_inspect_result_
#define _Must_inspect_result_
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Handle types (also declared by wdftypes.h; repeating an identical typedef is valid C11). */
typedef HANDLE WDFOBJECT;
typedef HANDLE WDFDEVICE;
typedef HANDLE WDFWMIPROVIDER;
typedef HANDLE WDFWMIINSTANCE;

/* Object attributes are defined by wdfobject.h; only the pointer is needed here. */
struct _WDF_OBJECT_ATTRIBUTES;
typedef struct _WDF_OBJECT_ATTRIBUTES *PWDF_OBJECT_ATTRIBUTES;

/* ---- enumerations ---- */
typedef enum _WDF_WMI_PROVIDER_CONTROL {
    WdfWmiControlInvalid = 0,
    WdfWmiEventControl = 1,    /* IRP_MN_ENABLE_EVENTS / IRP_MN_DISABLE_EVENTS */
    WdfWmiInstanceControl = 2, /* IRP_MN_ENABLE_COLLECTION / IRP_MN_DISABLE_COLLECTION */
} WDF_WMI_PROVIDER_CONTROL;

typedef enum _WDF_WMI_PROVIDER_FLAGS {
    WdfWmiProviderEventOnly = 0x0001,
    WdfWmiProviderExpensive = 0x0002,
    WdfWmiProviderTracing = 0x0004,
    WdfWmiProviderValidFlags = WdfWmiProviderEventOnly | WdfWmiProviderExpensive | WdfWmiProviderTracing,
} WDF_WMI_PROVIDER_FLAGS;

/* ---- callback role types and pointers ---- */
typedef NTSTATUS NTAPI EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE(
    _In_ WDFWMIINSTANCE WmiInstance, _In_ ULONG OutBufferSize, _Out_ PVOID OutBuffer,
    _Out_ PULONG BufferUsed);
typedef EVT_WDF_WMI_INSTANCE_QUERY_INSTANCE *PFN_WDF_WMI_INSTANCE_QUERY_INSTANCE;

typedef NTSTATUS NTAPI EVT_WDF_WMI_INSTANCE_SET_INSTANCE(
    _In_ WDFWMIINSTANCE WmiInstance, _In_ ULONG InBufferSize, _In_ PVOID InBuffer);
typedef EVT_WDF_WMI_INSTANCE_SET_INSTANCE *PFN_WDF_WMI_INSTANCE_SET_INSTANCE;

typedef NTSTATUS NTAPI EVT_WDF_WMI_INSTANCE_SET_ITEM(
    _In_ WDFWMIINSTANCE WmiInstance, _In_ ULONG DataItemId, _In_ ULONG InBufferSize,
    _In_ PVOID InBuffer);
typedef EVT_WDF_WMI_INSTANCE_SET_ITEM *PFN_WDF_WMI_INSTANCE_SET_ITEM;

typedef NTSTATUS NTAPI EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD(
    _In_ WDFWMIINSTANCE WmiInstance, _In_ ULONG MethodId, _In_ ULONG InBufferSize,
    _In_ ULONG OutBufferSize, _Inout_ PVOID Buffer, _Out_ PULONG BufferUsed);
typedef EVT_WDF_WMI_INSTANCE_EXECUTE_METHOD *PFN_WDF_WMI_INSTANCE_EXECUTE_METHOD;

typedef NTSTATUS NTAPI EVT_WDF_WMI_PROVIDER_FUNCTION_CONTROL(
    _In_ WDFWMIPROVIDER WmiProvider, _In_ WDF_WMI_PROVIDER_CONTROL Control, _In_ BOOLEAN Enable);
typedef EVT_WDF_WMI_PROVIDER_FUNCTION_CONTROL *PFN_WDF_WMI_PROVIDER_FUNCTION_CONTROL;

/* ---- configuration structures ---- */
typedef struct _WDF_WMI_PROVIDER_CONFIG {
    ULONG Size;                  /* sizeof(WDF_WMI_PROVIDER_CONFIG), compared exactly */
    GUID Guid;                   /* the data block's GUID; must not be all zeros */
    ULONG Flags;                 /* WDF_WMI_PROVIDER_FLAGS */
    ULONG MinInstanceBufferSize; /* smallest buffer an instance query accepts */
    PFN_WDF_WMI_PROVIDER_FUNCTION_CONTROL EvtWmiProviderFunctionControl; /* Expensive/Tracing only */
} WDF_WMI_PROVIDER_CONFIG, *PWDF_WMI_PROVIDER_CONFIG;

typedef struct _WDF_WMI_INSTANCE_CONFIG {
    ULONG Size;                                /* sizeof(WDF_WMI_INSTANCE_CONFIG), compared exactly */
    WDFWMIPROVIDER Provider;                   /* exactly one of Provider / ProviderConfig */
    PWDF_WMI_PROVIDER_CONFIG ProviderConfig;   /* creates a provider implicitly */
    BOOLEAN UseContextForQuery;                /* answer queries with the instance context */
    BOOLEAN Register;                          /* register as part of creation */
    PFN_WDF_WMI_INSTANCE_QUERY_INSTANCE EvtWmiInstanceQueryInstance;
    PFN_WDF_WMI_INSTANCE_SET_INSTANCE EvtWmiInstanceSetInstance;
    PFN_WDF_WMI_INSTANCE_SET_ITEM EvtWmiInstanceSetItem;
    PFN_WDF_WMI_INSTANCE_EXECUTE_METHOD EvtWmiInstanceExecuteMethod;
} WDF_WMI_INSTANCE_CONFIG, *PWDF_WMI_INSTANCE_CONFIG;

#if defined(__x86_64__) || defined(__aarch64__) || defined(_WIN64)
C_ASSERT(sizeof(WDF_WMI_PROVIDER_CONFIG) == 40);
C_ASSERT(__builtin_offsetof(WDF_WMI_PROVIDER_CONFIG, Guid) == 4);
C_ASSERT(__builtin_offsetof(WDF_WMI_PROVIDER_CONFIG, Flags) == 20);
C_ASSERT(__builtin_offsetof(WDF_WMI_PROVIDER_CONFIG, MinInstanceBufferSize) == 24);
C_ASSERT(__builtin_offsetof(WDF_WMI_PROVIDER_CONFIG, EvtWmiProviderFunctionControl) == 32);
C_ASSERT(sizeof(WDF_WMI_INSTANCE_CONFIG) == 64);
C_ASSERT(__builtin_offsetof(WDF_WMI_INSTANCE_CONFIG, Provider) == 8);
C_ASSERT(__builtin_offsetof(WDF_WMI_INSTANCE_CONFIG, ProviderConfig) == 16);
C_ASSERT(__builtin_offsetof(WDF_WMI_INSTANCE_CONFIG, UseContextForQuery) == 24);
C_ASSERT(__builtin_offsetof(WDF_WMI_INSTANCE_CONFIG, Register) == 25);
C_ASSERT(__builtin_offsetof(WDF_WMI_INSTANCE_CONFIG, EvtWmiInstanceQueryInstance) == 32);
C_ASSERT(__builtin_offsetof(WDF_WMI_INSTANCE_CONFIG, EvtWmiInstanceExecuteMethod) == 56);
#endif

/* ---- INIT helpers ---- */
FORCEINLINE VOID WDF_WMI_PROVIDER_CONFIG_INIT(_Out_ PWDF_WMI_PROVIDER_CONFIG Config, _In_ const GUID *Guid)
{
    memset(Config, 0, sizeof(*Config));
    Config->Size = (ULONG)sizeof(WDF_WMI_PROVIDER_CONFIG);
    memcpy(&Config->Guid, Guid, sizeof(GUID));
}

FORCEINLINE VOID WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER(_Out_ PWDF_WMI_INSTANCE_CONFIG Config,
                                                       _In_ WDFWMIPROVIDER Provider)
{
    memset(Config, 0, sizeof(*Config));
    Config->Size = (ULONG)sizeof(WDF_WMI_INSTANCE_CONFIG);
    Config->Provider = Provider;
}

FORCEINLINE VOID WDF_WMI_INSTANCE_CONFIG_INIT_PROVIDER_CONFIG(_Out_ PWDF_WMI_INSTANCE_CONFIG Config,
                                                              _In_ PWDF_WMI_PROVIDER_CONFIG ProviderConfig)
{
    memset(Config, 0, sizeof(*Config));
    Config->Size = (ULONG)sizeof(WDF_WMI_INSTANCE_CONFIG);
    Config->ProviderConfig = ProviderConfig;
}

/* Writes String as a WMI counted string (USHORT byte length + text, no terminator). */
FORCEINLINE NTSTATUS WDF_WMI_BUFFER_APPEND_STRING(_Out_ PVOID Buffer, _In_ ULONG BufferLength,
                                                  _In_ PCUNICODE_STRING String, _Out_ PULONG RequiredSize)
{
    USHORT length = String->Length;
    *RequiredSize = (ULONG)length + (ULONG)sizeof(USHORT);
    if (BufferLength < *RequiredSize) {
        return (NTSTATUS)0xC0000023L; /* STATUS_BUFFER_TOO_SMALL */
    }
    {
        unsigned char *out = (unsigned char *)Buffer;
        out[0] = (unsigned char)(length & 0xFF); /* little-endian, alignment-free */
        out[1] = (unsigned char)(length >> 8);
        if (length != 0) {
            memcpy(out + sizeof(USHORT), String->Buffer, length);
        }
    }
    return (NTSTATUS)0x00000000L;
}

/* ---- DDIs ---- */
_Must_inspect_result_ NTSTATUS WdfWmiProviderCreate(_In_ WDFDEVICE Device,
                                                    _In_ PWDF_WMI_PROVIDER_CONFIG WmiProviderConfig,
                                                    _In_opt_ PWDF_OBJECT_ATTRIBUTES ProviderAttributes,
                                                    _Out_ WDFWMIPROVIDER *WmiProvider);
WDFDEVICE WdfWmiProviderGetDevice(_In_ WDFWMIPROVIDER WmiProvider);
BOOLEAN WdfWmiProviderIsEnabled(_In_ WDFWMIPROVIDER WmiProvider, _In_ WDF_WMI_PROVIDER_CONTROL ProviderControl);
ULONGLONG WdfWmiProviderGetTracingHandle(_In_ WDFWMIPROVIDER WmiProvider);
_Must_inspect_result_ NTSTATUS WdfWmiInstanceCreate(_In_ WDFDEVICE Device,
                                                    _In_ PWDF_WMI_INSTANCE_CONFIG InstanceConfig,
                                                    _In_opt_ PWDF_OBJECT_ATTRIBUTES InstanceAttributes,
                                                    _Out_opt_ WDFWMIINSTANCE *Instance);
_Must_inspect_result_ NTSTATUS WdfWmiInstanceRegister(_In_ WDFWMIINSTANCE WmiInstance);
VOID WdfWmiInstanceDeregister(_In_ WDFWMIINSTANCE WmiInstance);
WDFDEVICE WdfWmiInstanceGetDevice(_In_ WDFWMIINSTANCE WmiInstance);
WDFWMIPROVIDER WdfWmiInstanceGetProvider(_In_ WDFWMIINSTANCE WmiInstance);
_Must_inspect_result_ NTSTATUS WdfWmiInstanceFireEvent(_In_ WDFWMIINSTANCE WmiInstance,
                                                       _In_opt_ ULONG EventDataSize,
                                                       _In_opt_ PVOID EventData);

/* DDI pointer types (the WDK's function-table entry types). */
typedef NTSTATUS NTAPI PFN_WDFWMIPROVIDERCREATE_T(WDFDEVICE, PWDF_WMI_PROVIDER_CONFIG,
                                                  PWDF_OBJECT_ATTRIBUTES, WDFWMIPROVIDER *);
typedef PFN_WDFWMIPROVIDERCREATE_T *PFN_WDFWMIPROVIDERCREATE;
typedef WDFDEVICE NTAPI PFN_WDFWMIPROVIDERGETDEVICE_T(WDFWMIPROVIDER);
typedef PFN_WDFWMIPROVIDERGETDEVICE_T *PFN_WDFWMIPROVIDERGETDEVICE;
typedef BOOLEAN NTAPI PFN_WDFWMIPROVIDERISENABLED_T(WDFWMIPROVIDER, WDF_WMI_PROVIDER_CONTROL);
typedef PFN_WDFWMIPROVIDERISENABLED_T *PFN_WDFWMIPROVIDERISENABLED;
typedef ULONGLONG NTAPI PFN_WDFWMIPROVIDERGETTRACINGHANDLE_T(WDFWMIPROVIDER);
typedef PFN_WDFWMIPROVIDERGETTRACINGHANDLE_T *PFN_WDFWMIPROVIDERGETTRACINGHANDLE;
typedef NTSTATUS NTAPI PFN_WDFWMIINSTANCECREATE_T(WDFDEVICE, PWDF_WMI_INSTANCE_CONFIG,
                                                  PWDF_OBJECT_ATTRIBUTES, WDFWMIINSTANCE *);
typedef PFN_WDFWMIINSTANCECREATE_T *PFN_WDFWMIINSTANCECREATE;
typedef NTSTATUS NTAPI PFN_WDFWMIINSTANCEREGISTER_T(WDFWMIINSTANCE);
typedef PFN_WDFWMIINSTANCEREGISTER_T *PFN_WDFWMIINSTANCEREGISTER;
typedef VOID NTAPI PFN_WDFWMIINSTANCEDEREGISTER_T(WDFWMIINSTANCE);
typedef PFN_WDFWMIINSTANCEDEREGISTER_T *PFN_WDFWMIINSTANCEDEREGISTER;
typedef WDFDEVICE NTAPI PFN_WDFWMIINSTANCEGETDEVICE_T(WDFWMIINSTANCE);
typedef PFN_WDFWMIINSTANCEGETDEVICE_T *PFN_WDFWMIINSTANCEGETDEVICE;
typedef WDFWMIPROVIDER NTAPI PFN_WDFWMIINSTANCEGETPROVIDER_T(WDFWMIINSTANCE);
typedef PFN_WDFWMIINSTANCEGETPROVIDER_T *PFN_WDFWMIINSTANCEGETPROVIDER;
typedef NTSTATUS NTAPI PFN_WDFWMIINSTANCEFIREEVENT_T(WDFWMIINSTANCE, ULONG, PVOID);
typedef PFN_WDFWMIINSTANCEFIREEVENT_T *PFN_WDFWMIINSTANCEFIREEVENT;

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_WDFWMI_H */

/*
 * wmistr.h - WMI wire structures: WNODE_* buffers exchanged between WMI, drivers and
 * consumers, WMIREGINFO registration data, their flag values and request codes.
 *
 * Layouts follow the public x64 ABI (spec wmi-service-and-wnode.md §1-§2): WNODE_ALL_DATA is
 * 64 bytes (the offset/length array is a zero-length member of the union), WNODE_SINGLE_ITEM
 * and WNODE_METHOD_ITEM are 72 with variable data at 68. Usable from C11 and C++.
 */
#ifndef KWMI_WDK_WMISTR_H
#define KWMI_WDK_WMISTR_H

#include <ntdef.h>
#include <guiddef.h>
#include <ntstatus.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- WNODE_HEADER (48 bytes) ---- */
typedef struct _WNODE_HEADER {
    ULONG BufferSize; /* whole WNODE, header + fixed members + variable data */
    ULONG ProviderId; /* events: IoWMIDeviceObjectToProviderId */
    union {
        ULONG64 HistoricalContext; /* logger handle for traced GUIDs */
        struct {
            ULONG Version;
            ULONG Linkage; /* offset to the next WNODE of a chain, 0 = last */
        };
    };
    union {
        ULONG CountLost;
        HANDLE KernelHandle;
        LARGE_INTEGER TimeStamp; /* 100 ns since 1601 */
    };
    GUID Guid;
    ULONG ClientContext;
    ULONG Flags; /* WNODE_FLAG_* */
} WNODE_HEADER, *PWNODE_HEADER;

/* ---- WNODE_HEADER.Flags ---- */
#define WNODE_FLAG_ALL_DATA 0x00000001
#define WNODE_FLAG_SINGLE_INSTANCE 0x00000002
#define WNODE_FLAG_SINGLE_ITEM 0x00000004
#define WNODE_FLAG_EVENT_ITEM 0x00000008
#define WNODE_FLAG_FIXED_INSTANCE_SIZE 0x00000010
#define WNODE_FLAG_TOO_SMALL 0x00000020
#define WNODE_FLAG_INSTANCES_SAME 0x00000040
#define WNODE_FLAG_STATIC_INSTANCE_NAMES 0x00000080
#define WNODE_FLAG_INTERNAL 0x00000100
#define WNODE_FLAG_USE_TIMESTAMP 0x00000200
#define WNODE_FLAG_PERSIST_EVENT 0x00000400
#define WNODE_FLAG_EVENT_REFERENCE 0x00002000
#define WNODE_FLAG_ANSI_INSTANCENAMES 0x00004000
#define WNODE_FLAG_METHOD_ITEM 0x00008000
#define WNODE_FLAG_PDO_INSTANCE_NAMES 0x00010000
#define WNODE_FLAG_TRACED_GUID 0x00020000
#define WNODE_FLAG_LOG_WNODE 0x00040000
#define WNODE_FLAG_USE_GUID_PTR 0x00080000
#define WNODE_FLAG_USE_MOF_PTR 0x00100000
#define WNODE_FLAG_NO_HEADER 0x00200000
#define WNODE_FLAG_SEND_DATA_BLOCK 0x00400000
#define WNODE_FLAG_VERSIONED_PROPERTIES 0x00800000
#define WNODE_FLAG_SEVERITY_MASK 0xff000000
#define WNODE_FLAG_TYPE_MASK                                                                  \
    (WNODE_FLAG_ALL_DATA | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_SINGLE_ITEM |             \
     WNODE_FLAG_TOO_SMALL | WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_METHOD_ITEM)

/* ---- WNODE_ALL_DATA (64 bytes) ---- */
typedef struct {
    ULONG OffsetInstanceData; /* from the start of the WNODE */
    ULONG LengthInstanceData;
} OFFSETINSTANCEDATAANDLENGTH, *POFFSETINSTANCEDATAANDLENGTH;

typedef struct tagWNODE_ALL_DATA {
    struct _WNODE_HEADER WnodeHeader;
    ULONG DataBlockOffset;
    ULONG InstanceCount;
    ULONG OffsetInstanceNameOffsets;
    union {
        ULONG FixedInstanceSize;
        /* zero-length so sizeof stays 64 as in the Windows headers */
        __extension__ OFFSETINSTANCEDATAANDLENGTH OffsetInstanceDataAndLength[0];
    };
} WNODE_ALL_DATA, *PWNODE_ALL_DATA;

/* ---- WNODE_SINGLE_INSTANCE (64 bytes) ---- */
typedef struct tagWNODE_SINGLE_INSTANCE {
    struct _WNODE_HEADER WnodeHeader;
    ULONG OffsetInstanceName; /* dynamic names: counted string */
    ULONG InstanceIndex;      /* static names */
    ULONG DataBlockOffset;
    ULONG SizeDataBlock;
    __extension__ UCHAR VariableData[0];
} WNODE_SINGLE_INSTANCE, *PWNODE_SINGLE_INSTANCE;

/* ---- WNODE_SINGLE_ITEM (72 bytes, VariableData at 68) ---- */
typedef struct tagWNODE_SINGLE_ITEM {
    struct _WNODE_HEADER WnodeHeader;
    ULONG OffsetInstanceName;
    ULONG InstanceIndex;
    ULONG ItemId;
    ULONG DataBlockOffset;
    ULONG SizeDataItem;
    __extension__ UCHAR VariableData[0];
} WNODE_SINGLE_ITEM, *PWNODE_SINGLE_ITEM;

/* ---- WNODE_METHOD_ITEM (72 bytes, VariableData at 68) ---- */
typedef struct tagWNODE_METHOD_ITEM {
    struct _WNODE_HEADER WnodeHeader;
    ULONG OffsetInstanceName;
    ULONG InstanceIndex;
    ULONG MethodId;
    ULONG DataBlockOffset; /* input on entry, output on return */
    ULONG SizeDataBlock;
    __extension__ UCHAR VariableData[0];
} WNODE_METHOD_ITEM, *PWNODE_METHOD_ITEM;

/* ---- events ---- */
typedef struct tagWNODE_EVENT_ITEM {
    struct _WNODE_HEADER WnodeHeader;
} WNODE_EVENT_ITEM, *PWNODE_EVENT_ITEM;

typedef struct tagWNODE_EVENT_REFERENCE {
    struct _WNODE_HEADER WnodeHeader;
    GUID TargetGuid;
    ULONG TargetDataBlockSize;
    union {
        ULONG TargetInstanceIndex;
        WCHAR TargetInstanceName[1]; /* counted string: USHORT length at 68 */
    };
} WNODE_EVENT_REFERENCE, *PWNODE_EVENT_REFERENCE;

/* ---- WNODE_TOO_SMALL (56 bytes) ---- */
typedef struct tagWNODE_TOO_SMALL {
    struct _WNODE_HEADER WnodeHeader;
    ULONG SizeNeeded;
} WNODE_TOO_SMALL, *PWNODE_TOO_SMALL;

/* ---- request codes (values 0..9 equal the IRP_MN_ WMI minor codes) ---- */
typedef enum {
    WMI_GET_ALL_DATA = 0,
    WMI_GET_SINGLE_INSTANCE = 1,
    WMI_SET_SINGLE_INSTANCE = 2,
    WMI_SET_SINGLE_ITEM = 3,
    WMI_ENABLE_EVENTS = 4,
    WMI_DISABLE_EVENTS = 5,
    WMI_ENABLE_COLLECTION = 6,
    WMI_DISABLE_COLLECTION = 7,
    WMI_REGINFO = 8,
    WMI_EXECUTE_METHOD = 9,
    WMI_CAPTURE_STATE = 10
} WMIDPREQUESTCODE;

/* ---- registration (IRP_MN_REGINFO / IRP_MN_REGINFO_EX answers) ---- */
typedef struct {
    GUID Guid;
    ULONG Flags;         /* WMIREG_FLAG_* */
    ULONG InstanceCount; /* static instances */
    union {
        ULONG InstanceNameList; /* offset to InstanceCount counted strings */
        ULONG BaseNameOffset;   /* offset to one counted base name */
        ULONG_PTR Pdo;          /* the PDO pointer itself */
        ULONG_PTR InstanceInfo; /* reserved */
    };
} WMIREGGUIDW, *PWMIREGGUIDW;
typedef WMIREGGUIDW WMIREGGUID;
typedef PWMIREGGUIDW PWMIREGGUID;

typedef struct {
    ULONG BufferSize;      /* this WMIREGINFO and its strings */
    ULONG NextWmiRegInfo;  /* offset to the next one, 0 = last */
    ULONG RegistryPath;    /* offset to a counted string */
    ULONG MofResourceName; /* offset to a counted string */
    ULONG GuidCount;
    __extension__ WMIREGGUIDW WmiRegGuid[0];
} WMIREGINFOW, *PWMIREGINFOW;
typedef WMIREGINFOW WMIREGINFO;
typedef PWMIREGINFOW PWMIREGINFO;

#define WMIREG_FLAG_EXPENSIVE 0x00000001
#define WMIREG_FLAG_INSTANCE_LIST 0x00000004
#define WMIREG_FLAG_INSTANCE_BASENAME 0x00000008
#define WMIREG_FLAG_INSTANCE_PDO 0x00000020
#define WMIREG_FLAG_EVENT_ONLY_GUID 0x00000040
#define WMIREG_FLAG_TRACE_CONTROL_GUID 0x00001000
#define WMIREG_FLAG_REMOVE_GUID 0x00010000
#define WMIREG_FLAG_RESERVED1 0x00020000
#define WMIREG_FLAG_RESERVED2 0x00040000
#define WMIREG_FLAG_TRACED_GUID 0x00080000

#define WMI_GUIDTYPE_TRACECONTROL 0
#define WMI_GUIDTYPE_TRACE 1
#define WMI_GUIDTYPE_DATA 2
#define WMI_GUIDTYPE_EVENT 3
#define WMI_GLOBAL_LOGGER_ID 0x0001

/* ---- access rights of a WMI GUID object ---- */
#ifndef WMIGUID_QUERY
#define WMIGUID_QUERY 0x0001
#define WMIGUID_SET 0x0002
#define WMIGUID_NOTIFICATION 0x0004
#define WMIGUID_READ_DESCRIPTION 0x0008
#define WMIGUID_EXECUTE 0x0010
#define TRACELOG_CREATE_REALTIME 0x0020
#define TRACELOG_CREATE_ONDISK 0x0040
#define TRACELOG_GUID_ENABLE 0x0080
#define TRACELOG_ACCESS_KERNEL_LOGGER 0x0100
#define TRACELOG_CREATE_INPROC 0x0200
#define TRACELOG_LOG_EVENT 0x0200
#define TRACELOG_ACCESS_REALTIME 0x0400
#define TRACELOG_REGISTER_GUIDS 0x0800
#define TRACELOG_JOIN_GROUP 0x1000
#define WMIGUID_ALL_ACCESS_WIN2K 0x000207FF /* STANDARD_RIGHTS_READ | 0x7FF */
#define WMIGUID_ALL_ACCESS_WINXP 0x00120FFF /* | SYNCHRONIZE | 0x800 */
#define WMIGUID_ALL_ACCESS_RS1 0x00121FFF   /* | TRACELOG_JOIN_GROUP */
#define WMIGUID_ALL_ACCESS WMIGUID_ALL_ACCESS_RS1
#endif

/* STATUS_WMI_* values come from <ntstatus.h> (included above). */

/* ---- layout checks (x64; the WNODE numbers hold on x86 too) ---- */
C_ASSERT(sizeof(WNODE_HEADER) == 48);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, BufferSize) == 0);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, ProviderId) == 4);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, HistoricalContext) == 8);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, Version) == 8);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, Linkage) == 12);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, CountLost) == 16);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, KernelHandle) == 16);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, TimeStamp) == 16);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, Guid) == 24);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, ClientContext) == 40);
C_ASSERT(__builtin_offsetof(WNODE_HEADER, Flags) == 44);
C_ASSERT(sizeof(OFFSETINSTANCEDATAANDLENGTH) == 8);
C_ASSERT(sizeof(WNODE_ALL_DATA) == 64);
C_ASSERT(__builtin_offsetof(WNODE_ALL_DATA, DataBlockOffset) == 48);
C_ASSERT(__builtin_offsetof(WNODE_ALL_DATA, InstanceCount) == 52);
C_ASSERT(__builtin_offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets) == 56);
C_ASSERT(__builtin_offsetof(WNODE_ALL_DATA, FixedInstanceSize) == 60);
C_ASSERT(__builtin_offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength) == 60);
C_ASSERT(sizeof(WNODE_SINGLE_INSTANCE) == 64);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_INSTANCE, OffsetInstanceName) == 48);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex) == 52);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset) == 56);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock) == 60);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_INSTANCE, VariableData) == 64);
C_ASSERT(sizeof(WNODE_SINGLE_ITEM) == 72);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_ITEM, InstanceIndex) == 52);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_ITEM, ItemId) == 56);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_ITEM, DataBlockOffset) == 60);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_ITEM, SizeDataItem) == 64);
C_ASSERT(__builtin_offsetof(WNODE_SINGLE_ITEM, VariableData) == 68);
C_ASSERT(sizeof(WNODE_METHOD_ITEM) == 72);
C_ASSERT(__builtin_offsetof(WNODE_METHOD_ITEM, InstanceIndex) == 52);
C_ASSERT(__builtin_offsetof(WNODE_METHOD_ITEM, MethodId) == 56);
C_ASSERT(__builtin_offsetof(WNODE_METHOD_ITEM, DataBlockOffset) == 60);
C_ASSERT(__builtin_offsetof(WNODE_METHOD_ITEM, SizeDataBlock) == 64);
C_ASSERT(__builtin_offsetof(WNODE_METHOD_ITEM, VariableData) == 68);
C_ASSERT(sizeof(WNODE_EVENT_ITEM) == 48);
C_ASSERT(sizeof(WNODE_EVENT_REFERENCE) == 72);
C_ASSERT(__builtin_offsetof(WNODE_EVENT_REFERENCE, TargetGuid) == 48);
C_ASSERT(__builtin_offsetof(WNODE_EVENT_REFERENCE, TargetDataBlockSize) == 64);
C_ASSERT(__builtin_offsetof(WNODE_EVENT_REFERENCE, TargetInstanceIndex) == 68);
C_ASSERT(__builtin_offsetof(WNODE_EVENT_REFERENCE, TargetInstanceName) == 68);
C_ASSERT(sizeof(WNODE_TOO_SMALL) == 56);
C_ASSERT(__builtin_offsetof(WNODE_TOO_SMALL, SizeNeeded) == 48);
C_ASSERT(sizeof(WMIREGGUIDW) == 32);
C_ASSERT(__builtin_offsetof(WMIREGGUIDW, Flags) == 16);
C_ASSERT(__builtin_offsetof(WMIREGGUIDW, InstanceCount) == 20);
C_ASSERT(__builtin_offsetof(WMIREGGUIDW, InstanceNameList) == 24);
C_ASSERT(__builtin_offsetof(WMIREGGUIDW, Pdo) == 24);
C_ASSERT(sizeof(WMIREGINFOW) == 24);
C_ASSERT(__builtin_offsetof(WMIREGINFOW, NextWmiRegInfo) == 4);
C_ASSERT(__builtin_offsetof(WMIREGINFOW, RegistryPath) == 8);
C_ASSERT(__builtin_offsetof(WMIREGINFOW, MofResourceName) == 12);
C_ASSERT(__builtin_offsetof(WMIREGINFOW, GuidCount) == 16);
C_ASSERT(__builtin_offsetof(WMIREGINFOW, WmiRegGuid) == 24);

#ifdef __cplusplus
}
#endif

#endif /* KWMI_WDK_WMISTR_H */

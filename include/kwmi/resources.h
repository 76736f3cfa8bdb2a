/*
 * kwmi/resources.h - the resource table linked into a driver image (C11 and C++).
 *
 * On Windows a driver's binary MOF is a resource of type "MOFDATA" in the driver image,
 * named by the `.rc` line `<Name> MOFDATA <file.bmf>`; WMI reads it from the image under the
 * name the driver reports (WdfDeviceAssignMofResourceName / WMIREGINFO MofResourceName).
 * kwmi's equivalent: kwmi_add_driver (cmake/KwmiAddDriver.cmake) links the compiled BMF into
 * the driver's shared object and exports one table under the symbol KWMI_RESOURCE_TABLE_SYMBOL;
 * the host reads it with dlsym() and hands it to the WMI service.
 *
 * Names and types are NUL-terminated UTF-16, spelled as the build gave them. Lookups ignore
 * letter case (ASCII), as FindResource does for named resources.
 *
 * ABI (version 1, LP64): a reader checks Magic, then Version == 1 and EntrySize >= the size
 * of the version-1 entry (later versions only append fields to an entry).
 */
#ifndef KWMI_RESOURCES_H
#define KWMI_RESOURCES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KWMI_RESOURCE_TABLE_SYMBOL "kwmi_resource_table"
#define KWMI_RESOURCE_TABLE_MAGIC 0x52494D4Bu /* "KMIR" in memory (little endian) */
#define KWMI_RESOURCE_TABLE_VERSION 1u

/* UTF-16 code unit: char16_t in C++, the type of a C11 u"" literal in C. */
typedef uint16_t KWMI_RESOURCE_CHAR;

typedef struct KWMI_RESOURCE_ENTRY {
    const KWMI_RESOURCE_CHAR *Type; /* u"MOFDATA" for binary MOF */
    const KWMI_RESOURCE_CHAR *Name; /* e.g. u"MofResource" */
    const void *Data;               /* the resource bytes (read-only section) */
    uint64_t Size;                  /* in bytes */
} KWMI_RESOURCE_ENTRY;

typedef struct KWMI_RESOURCE_TABLE {
    uint32_t Magic;     /* KWMI_RESOURCE_TABLE_MAGIC */
    uint16_t Version;   /* KWMI_RESOURCE_TABLE_VERSION */
    uint16_t EntrySize; /* sizeof(KWMI_RESOURCE_ENTRY) of the writer */
    uint32_t Count;     /* entries in Entries */
    uint32_t Reserved;  /* 0 */
    const KWMI_RESOURCE_ENTRY *Entries;
} KWMI_RESOURCE_TABLE;

#ifdef __cplusplus
#define KWMI_RESOURCES_ASSERT(e, m) static_assert(e, m)
#else
#define KWMI_RESOURCES_ASSERT(e, m) _Static_assert(e, m)
#endif
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
KWMI_RESOURCES_ASSERT(sizeof(KWMI_RESOURCE_ENTRY) == 32, "resource entry is 32 bytes");
KWMI_RESOURCES_ASSERT(__builtin_offsetof(KWMI_RESOURCE_ENTRY, Name) == 8, "entry Name at 8");
KWMI_RESOURCES_ASSERT(__builtin_offsetof(KWMI_RESOURCE_ENTRY, Data) == 16, "entry Data at 16");
KWMI_RESOURCES_ASSERT(__builtin_offsetof(KWMI_RESOURCE_ENTRY, Size) == 24, "entry Size at 24");
KWMI_RESOURCES_ASSERT(sizeof(KWMI_RESOURCE_TABLE) == 24, "resource table is 24 bytes");
KWMI_RESOURCES_ASSERT(__builtin_offsetof(KWMI_RESOURCE_TABLE, Version) == 4, "table Version at 4");
KWMI_RESOURCES_ASSERT(__builtin_offsetof(KWMI_RESOURCE_TABLE, Count) == 8, "table Count at 8");
KWMI_RESOURCES_ASSERT(__builtin_offsetof(KWMI_RESOURCE_TABLE, Entries) == 16, "table Entries at 16");
#endif
#undef KWMI_RESOURCES_ASSERT

#ifdef __cplusplus
}
#endif

#endif /* KWMI_RESOURCES_H */

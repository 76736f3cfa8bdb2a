#ifndef _StorageMof_h_
#define _StorageMof_h_

// Storage_Port - STORAGE_PORT
#define Storage_PortGuid \
    { 0x6e0f1a01,0x1111,0x4a4a, { 0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x01 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Storage_Port_GUID, \
            0x6e0f1a01,0x1111,0x4a4a,0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x01);
#endif


// Warning: Header for class STORAGE_PORT cannot be created
typedef struct _STORAGE_PORT
{
    char VariableData[1];

} STORAGE_PORT, *PSTORAGE_PORT;

// Storage_Adapter - STORAGE_ADAPTER
// Adapter attributes


// Adapter attributes are read-only.

#define Storage_AdapterGuid \
    { 0x6e0f1a02,0x1111,0x4a4a, { 0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x02 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Storage_Adapter_GUID, \
            0x6e0f1a02,0x1111,0x4a4a,0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x02);
#endif

//
// Method id definitions for Storage_Adapter
#define SendCommand     1
#define Reset     2

// Warning: Header for class STORAGE_ADAPTER cannot be created
typedef struct _STORAGE_ADAPTER
{
    char VariableData[1];

} STORAGE_ADAPTER, *PSTORAGE_ADAPTER;

// Storage_LinkEvent - Storage_LinkEvent
#define Storage_LinkEventGuid \
    { 0x6e0f1a03,0x1111,0x4a4a, { 0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x03 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Storage_LinkEvent_GUID, \
            0x6e0f1a03,0x1111,0x4a4a,0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x03);
#endif


// Warning: Header for class Storage_LinkEvent cannot be created
typedef struct _Storage_LinkEvent
{
    char VariableData[1];

} Storage_LinkEvent, *PStorage_LinkEvent;

#endif

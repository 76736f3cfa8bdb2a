#ifndef _StorageMof_h_
#define _StorageMof_h_

// Storage_Port - STORAGE_PORT
#define Storage_PortGuid \
    { 0x6e0f1a01,0x1111,0x4a4a, { 0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x01 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Storage_Port_GUID, \
            0x6e0f1a01,0x1111,0x4a4a,0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x01);
#endif


typedef struct _STORAGE_PORT
{
    // 
    ULONGLONG Wwn;
    #define STORAGE_PORT_Wwn_SIZE sizeof(ULONGLONG)
    #define STORAGE_PORT_Wwn_ID 1

    // 
    WCHAR Name[16 + 1];
    #define STORAGE_PORT_Name_ID 2

    // 
    ULONG Speed;
    #define STORAGE_PORT_Speed_SIZE sizeof(ULONG)
    #define STORAGE_PORT_Speed_ID 3

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
typedef struct _SEND_COMMAND_IN
{
    // 
    ULONG Opcode;
    #define SEND_COMMAND_IN_Opcode_SIZE sizeof(ULONG)
    #define SEND_COMMAND_IN_Opcode_ID 1

    // 
    ULONG Length;
    #define SEND_COMMAND_IN_Length_SIZE sizeof(ULONG)
    #define SEND_COMMAND_IN_Length_ID 2

    // 
    UCHAR Data[1];
    #define SEND_COMMAND_IN_Data_ID 3

} SEND_COMMAND_IN, *PSEND_COMMAND_IN;

typedef struct _SEND_COMMAND_OUT
{
    // 
    ULONG Status;
    #define SEND_COMMAND_OUT_Status_SIZE sizeof(ULONG)
    #define SEND_COMMAND_OUT_Status_ID 4

    // 
    ULONG SenseLength;
    #define SEND_COMMAND_OUT_SenseLength_SIZE sizeof(ULONG)
    #define SEND_COMMAND_OUT_SenseLength_ID 5

    // 
    UCHAR Sense[1];
    #define SEND_COMMAND_OUT_Sense_ID 6

    // 
//  ULONG Tail;
    #define SEND_COMMAND_OUT_Tail_SIZE sizeof(ULONG)
    #define SEND_COMMAND_OUT_Tail_ID 7

} SEND_COMMAND_OUT, *PSEND_COMMAND_OUT;

#define Reset     2
typedef struct _Reset_IN
{
    // 
    ULONG Token;
    #define Reset_IN_Token_SIZE sizeof(ULONG)
    #define Reset_IN_Token_ID 1

} Reset_IN, *PReset_IN;

#define Reset_IN_SIZE (FIELD_OFFSET(Reset_IN, Token) + Reset_IN_Token_SIZE)

typedef struct _Reset_OUT
{
    // 
    ULONG Token;
    #define Reset_OUT_Token_SIZE sizeof(ULONG)
    #define Reset_OUT_Token_ID 1

} Reset_OUT, *PReset_OUT;

#define Reset_OUT_SIZE (FIELD_OFFSET(Reset_OUT, Token) + Reset_OUT_Token_SIZE)


typedef struct _STORAGE_ADAPTER
{

// Good
#define STORAGE_STATUS_GOOD 0
// Bad
#define STORAGE_STATUS_BAD 1

    // Adapter status
    ULONG Status;
    #define STORAGE_ADAPTER_Status_SIZE sizeof(ULONG)
    #define STORAGE_ADAPTER_Status_ID 1

    // 
    ULONG PortCount;
    #define STORAGE_ADAPTER_PORTS_SIZE sizeof(ULONG)
    #define STORAGE_ADAPTER_PORTS_ID 2

    // Vendor name
    WCHAR Vendor[64 + 1];
    #define STORAGE_ADAPTER_Vendor_ID 3

    // 
    STORAGE_PORT Ports[1];
    #define STORAGE_ADAPTER_Ports_ID 4

    // 
//  ULONG Flags;
    #define STORAGE_ADAPTER_Flags_SIZE sizeof(ULONG)
    #define STORAGE_ADAPTER_Flags_ID 5

} STORAGE_ADAPTER, *PSTORAGE_ADAPTER;

// Storage_LinkEvent - Storage_LinkEvent
#define Storage_LinkEventGuid \
    { 0x6e0f1a03,0x1111,0x4a4a, { 0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x03 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Storage_LinkEvent_GUID, \
            0x6e0f1a03,0x1111,0x4a4a,0x8b,0x8b,0x00,0x00,0x00,0x00,0x00,0x03);
#endif


typedef struct _Storage_LinkEvent
{
    // 
    WCHAR Port[32 + 1];
    #define Storage_LinkEvent_Port_ID 1

    // 
    BOOLEAN Up;
    #define Storage_LinkEvent_Up_SIZE sizeof(BOOLEAN)
    #define Storage_LinkEvent_Up_ID 2

} Storage_LinkEvent, *PStorage_LinkEvent;

#endif

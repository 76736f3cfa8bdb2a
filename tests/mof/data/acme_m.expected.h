#ifndef _AcmeMof_h_
#define _AcmeMof_h_

// Acme_Scalars - SCALARS
// Nine scalar types
#define Acme_ScalarsGuid \
    { 0x5d7a0c11,0x2b3e,0x4f41, { 0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Acme_Scalars_GUID, \
            0x5d7a0c11,0x2b3e,0x4f41,0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66);
#endif


typedef struct _SCALARS
{
    // 
    BOOLEAN Flag;
    #define SCALARS_Flag_SIZE sizeof(BOOLEAN)
    #define SCALARS_Flag_ID 1

    // 
    UCHAR U8;
    #define SCALARS_U8_SIZE sizeof(UCHAR)
    #define SCALARS_U8_ID 2

    // 
    USHORT U16;
    #define SCALARS_U16_SIZE sizeof(USHORT)
    #define SCALARS_U16_ID 3

    // 
    ULONG U32;
    #define SCALARS_U32_SIZE sizeof(ULONG)
    #define SCALARS_U32_ID 4

    // 
    ULONGLONG U64;
    #define SCALARS_U64_SIZE sizeof(ULONGLONG)
    #define SCALARS_U64_ID 5

    // 
    CHAR S8;
    #define SCALARS_S8_SIZE sizeof(CHAR)
    #define SCALARS_S8_ID 6

    // 
    SHORT S16;
    #define SCALARS_S16_SIZE sizeof(SHORT)
    #define SCALARS_S16_ID 7

    // 
    LONG S32;
    #define SCALARS_S32_SIZE sizeof(LONG)
    #define SCALARS_S32_ID 8

    // 
    LONGLONG S64;
    #define SCALARS_S64_SIZE sizeof(LONGLONG)
    #define SCALARS_S64_ID 9

} SCALARS, *PSCALARS;

#define SCALARS_SIZE (FIELD_OFFSET(SCALARS, S64) + SCALARS_S64_SIZE)

// Acme_Arrays - ARRAYS
#define Acme_ArraysGuid \
    { 0x5d7a0c12,0x2b3e,0x4f41, { 0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Acme_Arrays_GUID, \
            0x5d7a0c12,0x2b3e,0x4f41,0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66);
#endif


typedef struct _ARRAYS
{
    // 
    BOOLEAN Flags[8];
    #define ARRAYS_Flags_SIZE sizeof(BOOLEAN[8])
    #define ARRAYS_Flags_ID 1

    // 
    UCHAR U8[8];
    #define ARRAYS_U8_SIZE sizeof(UCHAR[8])
    #define ARRAYS_U8_ID 2

    // 
    USHORT U16[4];
    #define ARRAYS_U16_SIZE sizeof(USHORT[4])
    #define ARRAYS_U16_ID 3

    // 
    ULONG U32[2];
    #define ARRAYS_U32_SIZE sizeof(ULONG[2])
    #define ARRAYS_U32_ID 4

    // 
    ULONGLONG U64;
    #define ARRAYS_U64_SIZE sizeof(ULONGLONG)
    #define ARRAYS_U64_ID 5

    // 
    CHAR S8[8];
    #define ARRAYS_S8_SIZE sizeof(CHAR[8])
    #define ARRAYS_S8_ID 6

    // 
    SHORT S16[4];
    #define ARRAYS_S16_SIZE sizeof(SHORT[4])
    #define ARRAYS_S16_ID 7

    // 
    LONG S32[2];
    #define ARRAYS_S32_SIZE sizeof(LONG[2])
    #define ARRAYS_S32_ID 8

    // 
    LONGLONG S64;
    #define ARRAYS_S64_SIZE sizeof(LONGLONG)
    #define ARRAYS_S64_ID 9

} ARRAYS, *PARRAYS;

#define ARRAYS_SIZE (FIELD_OFFSET(ARRAYS, S64) + ARRAYS_S64_SIZE)

// Acme_Gadget - Acme_Gadget
// Gadget with methods
#define Acme_GadgetGuid \
    { 0x5d7a0c13,0x2b3e,0x4f41, { 0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Acme_Gadget_GUID, \
            0x5d7a0c13,0x2b3e,0x4f41,0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66);
#endif

//
// Method id definitions for Acme_Gadget
#define SetAll     1
typedef struct _SetAll_IN
{
    // 
    ULONG Mode;
    #define SetAll_IN_Mode_SIZE sizeof(ULONG)
    #define SetAll_IN_Mode_ID 1

    // 
    ULONGLONG Stamp;
    #define SetAll_IN_Stamp_SIZE sizeof(ULONGLONG)
    #define SetAll_IN_Stamp_ID 2

} SetAll_IN, *PSetAll_IN;

#define SetAll_IN_SIZE (FIELD_OFFSET(SetAll_IN, Stamp) + SetAll_IN_Stamp_SIZE)

typedef struct _SetAll_OUT
{
    // 
    ULONG Status;
    #define SetAll_OUT_Status_SIZE sizeof(ULONG)
    #define SetAll_OUT_Status_ID 3

} SetAll_OUT, *PSetAll_OUT;

#define SetAll_OUT_SIZE (FIELD_OFFSET(SetAll_OUT, Status) + SetAll_OUT_Status_SIZE)

#define Ping     2

typedef struct _Acme_Gadget
{

// Off
#define ACME_MODE_OFF 0
// On
#define ACME_MODE_ON 1

    // Mode of operation
    ULONG Mode;
    #define Acme_Gadget_Mode_SIZE sizeof(ULONG)
    #define Acme_Gadget_Mode_ID 1

    // 
    SCALARS Item;
    #define Acme_Gadget_Item_SIZE sizeof(SCALARS)
    #define Acme_Gadget_Item_ID 2

    // 
    SCALARS Items[4];
    #define Acme_Gadget_Items_SIZE sizeof(SCALARS[4])
    #define Acme_Gadget_Items_ID 3

} Acme_Gadget, *PAcme_Gadget;

#define Acme_Gadget_SIZE (FIELD_OFFSET(Acme_Gadget, Items) + Acme_Gadget_Items_SIZE)

// Acme_Widget - WIDGET
#define Acme_WidgetGuid \
    { 0x5d7a0c14,0x2b3e,0x4f41, { 0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Acme_Widget_GUID, \
            0x5d7a0c14,0x2b3e,0x4f41,0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66);
#endif


typedef struct _WIDGET
{
    // 
    ULONG Kind;
    #define WIDGET_Kind_SIZE sizeof(ULONG)
    #define WIDGET_Kind_ID 1

    // 
    ULONG Capacity;
    #define WIDGET_Capacity_SIZE sizeof(ULONG)
    #define WIDGET_Capacity_ID 2

    // 
    ULONG Errors;
    #define WIDGET_Errors_SIZE sizeof(ULONG)
    #define WIDGET_Errors_ID 3

    // 
    ULONG Slots;
    #define WIDGET_Slots_SIZE sizeof(ULONG)
    #define WIDGET_Slots_ID 4

    // 
    ULONG LogLevel;
    #define WIDGET_LogLevel_SIZE sizeof(ULONG)
    #define WIDGET_LogLevel_ID 5

    // 
    CHAR VariableData[1];
    #define WIDGET_Label_ID 6

} WIDGET, *PWIDGET;

// Acme_WidgetArrival - Acme_WidgetArrival
#define Acme_WidgetArrivalGuid \
    { 0x5d7a0c15,0x2b3e,0x4f41, { 0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Acme_WidgetArrival_GUID, \
            0x5d7a0c15,0x2b3e,0x4f41,0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66);
#endif


typedef struct _Acme_WidgetArrival
{
    // 
    CHAR VariableData[1];
    #define Acme_WidgetArrival_Label_ID 1

} Acme_WidgetArrival, *PAcme_WidgetArrival;

// Acme_Log - Acme_Log
#define Acme_LogGuid \
    { 0x5d7a0c16,0x2b3e,0x4f41, { 0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Acme_Log_GUID, \
            0x5d7a0c16,0x2b3e,0x4f41,0x9c,0x0d,0x11,0x22,0x33,0x44,0x55,0x66);
#endif


// Warning: Header for class Acme_Log cannot be created
typedef struct _Acme_Log
{
    char VariableData[1];

} Acme_Log, *PAcme_Log;

#endif

/*
 * wdftypes.h - KMDF handle types and small shared enumerations.
 *
 * Every WDF handle is `void *` (the NO_STRICT form): real drivers declare helpers with PVOID
 * and define them with WDFDEVICE, which only compiles when the types are identical
 * (wdk-api-surface.md §4.1 #3/#4).
 */
#ifndef KWMI_WDK_WDFTYPES_H
#define KWMI_WDK_WDFTYPES_H

#include <ntdef.h>

#ifdef __cplusplus
#define WDF_EXTERN_C extern "C"
#define WDF_EXTERN_C_START extern "C" {
#define WDF_EXTERN_C_END }
#else
#define WDF_EXTERN_C
#define WDF_EXTERN_C_START
#define WDF_EXTERN_C_END
#endif

/* DDIs are ordinary exported functions of kwmi_wdf (no function table). */
#define WDFAPI
#define WDFEXPORT(a) a

#ifdef __cplusplus
#define WDF_NULL_POINTER nullptr
#else
#define WDF_NULL_POINTER ((void *)0)
#endif
#define WDF_NO_OBJECT_ATTRIBUTES WDF_NULL_POINTER
#define WDF_NO_EVENT_CALLBACK WDF_NULL_POINTER
#define WDF_NO_HANDLE WDF_NULL_POINTER
#define WDF_NO_CONTEXT WDF_NULL_POINTER
#define WDF_NO_SEND_OPTIONS WDF_NULL_POINTER

WDF_EXTERN_C_START

typedef HANDLE WDFOBJECT, *PWDFOBJECT;
typedef HANDLE WDFDRIVER;
typedef HANDLE WDFDEVICE;
typedef HANDLE WDFWMIPROVIDER;
typedef HANDLE WDFWMIINSTANCE;
typedef HANDLE WDFQUEUE;
typedef HANDLE WDFREQUEST;
typedef HANDLE WDFFILEOBJECT;
typedef HANDLE WDFDPC;
typedef HANDLE WDFTIMER;
typedef HANDLE WDFWORKITEM;
typedef HANDLE WDFINTERRUPT;
typedef HANDLE WDFWAITLOCK;
typedef HANDLE WDFSPINLOCK;
typedef HANDLE WDFMEMORY;
typedef HANDLE WDFLOOKASIDE;
typedef HANDLE WDFIORESREQLIST;
typedef HANDLE WDFIORESLIST;
typedef HANDLE WDFCMRESLIST;
typedef HANDLE WDFCHILDLIST;
typedef HANDLE WDFSTRING;
typedef HANDLE WDFKEY;
typedef HANDLE WDFCOLLECTION;
typedef HANDLE WDFIOTARGET;
typedef HANDLE WDFDMAENABLER;
typedef HANDLE WDFDMATRANSACTION;
typedef HANDLE WDFCOMMONBUFFER;
typedef HANDLE WDFUSBDEVICE;
typedef HANDLE WDFUSBINTERFACE;
typedef HANDLE WDFUSBPIPE;

/* The device-initialisation block is opaque to drivers. */
typedef struct WDFDEVICE_INIT WDFDEVICE_INIT, *PWDFDEVICE_INIT;
typedef struct WDFCXDEVICE_INIT WDFCXDEVICE_INIT, *PWDFCXDEVICE_INIT;

typedef enum _WDF_TRI_STATE {
    WdfFalse = FALSE,
    WdfTrue = TRUE,
    WdfUseDefault = 2,
} WDF_TRI_STATE, *PWDF_TRI_STATE;

typedef PVOID WDFCONTEXT;

WDF_EXTERN_C_END

#endif /* KWMI_WDK_WDFTYPES_H */

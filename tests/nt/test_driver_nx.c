/* test_driver_nx.c - a driver translation unit built with POOL_NX_OPTIN=1, as real drivers
 * are: NonPagedPool becomes ExDefaultNonPagedPoolType, which ExInitializeDriverRuntime
 * switches to NonPagedPoolNx. */
#define POOL_NX_OPTIN 1
#include <ntddk.h>

#include "test_driver.h"

PVOID TestNxDriverEntryAndAllocate(SIZE_T size, ULONG tag) {
    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);
    return ExAllocatePoolZero(NonPagedPool, size, tag);
}

/*
 * bench_driver.h - the KMDF driver the benchmark suite hosts (plain C, WDK style).
 *
 * One device; a data-block provider (BenchDataGuid) whose instances each answer a 64-byte
 * block computed from their index, and an event-only provider (BenchEventGuid) with one
 * instance for firing events. The bench (C++) drives it through the functions below, which it
 * calls at PASSIVE_LEVEL like a driver's own code would from a work item or an IOCTL.
 */
#ifndef KWMI_BENCH_DRIVER_H
#define KWMI_BENCH_DRIVER_H

#include <ntddk.h>
#include <wdf.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BENCH_INSTANCE_SIZE 64

extern const GUID BenchDataGuid;
extern const GUID BenchEventGuid;

NTSTATUS BenchDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath);

/* Creates `Count` more data-block instances (WdfWmiInstanceCreate); registered at once when
 * `RegisterNow`. Instances are numbered in creation order from 0. */
NTSTATUS BenchCreateInstances(ULONG Count, BOOLEAN RegisterNow);
ULONG BenchInstanceCount(void);
WDFWMIINSTANCE BenchInstance(ULONG Index);
/* WdfWmiInstanceRegister / WdfWmiInstanceDeregister of every instance, in creation order. */
NTSTATUS BenchRegisterAll(void);
VOID BenchDeregisterAll(void);
/* WdfObjectDelete of every instance (the device keeps running). */
VOID BenchDeleteAll(void);

/* The data-block query callback (EvtWmiInstanceQueryInstance). */
NTSTATUS BenchQueryInstance(WDFWMIINSTANCE Instance, ULONG OutBufferSize, PVOID OutBuffer,
                            PULONG BufferUsed);

/* Arms a one-shot timer whose DPC (DISPATCH_LEVEL) deregisters every instance. */
NTSTATUS BenchArmDeregisterTimer(LONGLONG DueTimeRelative100ns);
/* IRQL the timer callback ran at, and how many instances it deregistered. */
KIRQL BenchTimerIrql(void);
ULONG BenchTimerDeregistered(void);

/* WdfWmiInstanceFireEvent on the event instance with `Size` bytes of `Data`. */
NTSTATUS BenchFireEvent(ULONG Size, PVOID Data);

#ifdef __cplusplus
}
#endif

#endif

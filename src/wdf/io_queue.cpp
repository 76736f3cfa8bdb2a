// WDFQUEUE, WDFREQUEST and WDFMEMORY (wdfio.h, wdfrequest.h, wdfmemory.h).
#include "wdf/io_queue.hpp"

#include "wdf/device.hpp"
#include "wdf/driver_callback.hpp"
#include "wdf/globals.hpp"
#include "wdf/handles.hpp"
#include "wdf/parent.hpp"
#include "verifier/verifier.hpp"

#include <atomic>

namespace kwmi::wdf {
namespace {

class Memory final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Memory;
    Memory(DriverGlobals *globals, void *buffer, size_t size, bool owned)
        : Object(kType, globals), buffer_(buffer), size_(size), owned_(owned) {}
    void *Buffer() const noexcept { return buffer_; }
    size_t Size() const noexcept { return size_; }

private:
    ~Memory() override {
        if (owned_ && buffer_ != nullptr) ExFreePool(buffer_);
    }
    void *buffer_;
    size_t size_;
    bool owned_;
};

class Request final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::Request;
    Request(DriverGlobals *globals, PIRP irp) : Object(kType, globals), irp_(irp) {
        PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
        switch (stack->MajorFunction) {
        case IRP_MJ_DEVICE_CONTROL:
        case IRP_MJ_INTERNAL_DEVICE_CONTROL:
            buffered_ = METHOD_FROM_CTL_CODE(stack->Parameters.DeviceIoControl.IoControlCode) == METHOD_BUFFERED;
            inputLength_ = stack->Parameters.DeviceIoControl.InputBufferLength;
            outputLength_ = stack->Parameters.DeviceIoControl.OutputBufferLength;
            break;
        case IRP_MJ_READ:
            outputLength_ = stack->Parameters.Read.Length;
            break;
        case IRP_MJ_WRITE:
            inputLength_ = stack->Parameters.Write.Length;
            break;
        default:
            buffered_ = false;
            break;
        }
    }

    void Complete(NTSTATUS status, ULONG_PTR information) {
        if (completed_.exchange(true)) {
            RaiseWdfViolation(WDF_REQUEST_FATAL_ERROR, 0x2 /* already completed */,
                              reinterpret_cast<ULONG_PTR>(Handle()), reinterpret_cast<ULONG_PTR>(Globals()),
                              "REQUEST_FATAL_ERROR", "The driver completed a WDFREQUEST twice.");
        }
        irp_->IoStatus.Status = status;
        irp_->IoStatus.Information = information;
        IoCompleteRequest(irp_, IO_NO_INCREMENT);
        if (Device *device = poweredDevice_) {
            // The request held its power-managed queue's power reference until now.
            poweredDevice_ = nullptr;
            device->ResumeIdle();
            device->Release(this);
        }
        Delete(false);
    }

    // A request of a power-managed queue keeps the device in D0 until it completes.
    void HoldPowerReference(Device *device) {
        device->AddRef(this);
        device->PowerReferenceForIo();
        poweredDevice_ = device;
    }

    void SetInformation(ULONG_PTR information) { information_ = information; }
    ULONG_PTR Information() const noexcept { return information_; }

    NTSTATUS Retrieve(bool input, size_t minimum, PVOID *buffer, size_t *length) {
        *buffer = nullptr;
        if (length != nullptr) *length = 0;
        if (!buffered_) return STATUS_INVALID_DEVICE_REQUEST;  // only METHOD_BUFFERED is simulated
        const size_t available = input ? inputLength_ : outputLength_;
        if (available == 0 || available < minimum) return STATUS_BUFFER_TOO_SMALL;
        void *data = irp_->AssociatedIrp.SystemBuffer;
        if (data == nullptr) return STATUS_INVALID_DEVICE_REQUEST;
        *buffer = data;
        if (length != nullptr) *length = available;
        return STATUS_SUCCESS;
    }

    NTSTATUS RetrieveMemory(bool input, WDFMEMORY *memory) {
        *memory = nullptr;
        PVOID buffer = nullptr;
        size_t length = 0;
        NTSTATUS status = Retrieve(input, 0, &buffer, &length);
        if (!NT_SUCCESS(status)) return status;
        auto *object = new Memory(Globals(), buffer, length, false);
        status = object->Commit(this, memory);
        if (!NT_SUCCESS(status)) object->DeleteFromFailedCreate();
        return status;
    }

private:
    ~Request() override {
        // Deleted without completion: the power reference still goes back.
        if (poweredDevice_ != nullptr) {
            poweredDevice_->ResumeIdle();
            poweredDevice_->Release(this);
        }
    }
    PIRP irp_;
    bool buffered_ = true;
    size_t inputLength_ = 0;
    size_t outputLength_ = 0;
    ULONG_PTR information_ = 0;
    std::atomic<bool> completed_{false};
    Device *poweredDevice_ = nullptr;
};

// WdfUseDefault: power-managed, except in a filter driver's device.
bool IsPowerManaged(const WDF_IO_QUEUE_CONFIG &config, const Device &device) {
    const int powerManaged = RawEnum(config.PowerManaged);
    if (powerManaged == WdfUseDefault) return device.Kind() != DeviceKind::Filter;
    return powerManaged == WdfTrue;
}

}  // namespace

IoQueue::IoQueue(DriverGlobals *globals, Device *device, const WDF_IO_QUEUE_CONFIG &config)
    : Object(kType, globals), device_(device), config_(config) {}

bool IoQueue::HandlesDeviceControl() const noexcept {
    return config_.EvtIoDeviceControl != nullptr || config_.EvtIoDefault != nullptr;
}

void IoQueue::OnDispose() {
    if (device_ != nullptr && device_->DefaultQueue() == this) device_->SetDefaultQueue(nullptr);
}

NTSTATUS IoQueue::DispatchIrp(PIRP irp) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    auto *request = new Request(Globals(), irp);
    WDFREQUEST handle = nullptr;
    NTSTATUS status = request->Commit(nullptr, &handle);
    if (!NT_SUCCESS(status)) {
        request->DeleteFromFailedCreate();
        irp->IoStatus.Status = status;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return status;
    }
    IoMarkIrpPending(irp);
    // A power-managed queue delivers requests only in D0: an idle device powers up first.
    if (device_ != nullptr && device_->IsPowerPolicyOwner() && IsPowerManaged(config_, *device_)) request->HoldPowerReference(device_);
    DriverCallScope scope(Globals());
    if (config_.EvtIoDeviceControl != nullptr && stack->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        CallDriverCallback("EvtIoDeviceControl", this, Globals(), config_.EvtIoDeviceControl, Handle(), handle,
                           stack->Parameters.DeviceIoControl.OutputBufferLength,
                           stack->Parameters.DeviceIoControl.InputBufferLength,
                           stack->Parameters.DeviceIoControl.IoControlCode);
    } else if (config_.EvtIoDefault != nullptr) {
        CallDriverCallback("EvtIoDefault", this, Globals(), config_.EvtIoDefault, Handle(), handle);
    } else {
        request->Complete(STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    return STATUS_PENDING;
}

}  // namespace kwmi::wdf

using namespace kwmi::wdf;

extern "C" {

NTSTATUS WdfIoQueueCreate(WDFDEVICE Device, PWDF_IO_QUEUE_CONFIG Config, PWDF_OBJECT_ATTRIBUTES QueueAttributes,
                          WDFQUEUE *Queue) {
    KWMI_DDI_ENTRY(WdfIoQueueCreate);
    kwmi::wdf::Device *device = Resolve<kwmi::wdf::Device>(Device);
    KWMI_WDF_REQUIRE_POINTER(Config, "WdfIoQueueCreate");
    if (Queue != nullptr) *Queue = nullptr;
    if (Config->Size != sizeof(WDF_IO_QUEUE_CONFIG)) return STATUS_INFO_LENGTH_MISMATCH;
    const int dispatchType = RawEnum(Config->DispatchType);
    if (dispatchType <= WdfIoQueueDispatchInvalid || dispatchType >= WdfIoQueueDispatchMax) {
        return STATUS_INVALID_PARAMETER;
    }
    NTSTATUS status = ValidateObjectAttributes(QueueAttributes);
    if (!NT_SUCCESS(status)) return status;
    if (Config->DefaultQueue && device->DefaultQueue() != nullptr) return STATUS_WDF_OBJECT_ATTRIBUTES_INVALID;
    Object *parent = ResolveOptionalParent(QueueAttributes);
    if (parent == nullptr) parent = device;
    auto *queue = new IoQueue(device->Globals(), device, *Config);
    status = queue->Initialize(QueueAttributes);
    WDFQUEUE handle = nullptr;
    if (NT_SUCCESS(status)) status = queue->Commit(parent, &handle);
    if (!NT_SUCCESS(status)) {
        queue->DeleteFromFailedCreate();
        return status;
    }
    if (Config->DefaultQueue) device->SetDefaultQueue(queue);
    if (Queue != nullptr) *Queue = handle;
    return STATUS_SUCCESS;
}

WDFQUEUE WdfDeviceGetDefaultQueue(WDFDEVICE Device) {
    KWMI_DDI_ENTRY(WdfDeviceGetDefaultQueue);
    IoQueue *queue = Resolve<kwmi::wdf::Device>(Device)->DefaultQueue();
    return queue == nullptr ? nullptr : queue->Handle();
}

WDFDEVICE WdfIoQueueGetDevice(WDFQUEUE Queue) {
    KWMI_DDI_ENTRY(WdfIoQueueGetDevice);
    return Resolve<IoQueue>(Queue)->GetDevice()->Handle();
}

VOID WdfRequestComplete(WDFREQUEST RequestHandle, NTSTATUS Status) {
    KWMI_DDI_ENTRY(WdfRequestComplete);
    Request *request = Resolve<Request>(RequestHandle);
    request->Complete(Status, request->Information());
}

VOID WdfRequestCompleteWithInformation(WDFREQUEST RequestHandle, NTSTATUS Status, ULONG_PTR Information) {
    KWMI_DDI_ENTRY(WdfRequestCompleteWithInformation);
    Resolve<Request>(RequestHandle)->Complete(Status, Information);
}

VOID WdfRequestSetInformation(WDFREQUEST RequestHandle, ULONG_PTR Information) {
    KWMI_DDI_ENTRY(WdfRequestSetInformation);
    Resolve<Request>(RequestHandle)->SetInformation(Information);
}

ULONG_PTR WdfRequestGetInformation(WDFREQUEST RequestHandle) {
    KWMI_DDI_ENTRY(WdfRequestGetInformation);
    return Resolve<Request>(RequestHandle)->Information();
}

NTSTATUS(WdfRequestRetrieveInputBuffer)(WDFREQUEST RequestHandle, size_t MinimumRequiredLength, PVOID *Buffer,
                                        size_t *Length) {
    KWMI_DDI_ENTRY(WdfRequestRetrieveInputBuffer);
    Request *request = Resolve<Request>(RequestHandle);
    KWMI_WDF_REQUIRE_POINTER(Buffer, "WdfRequestRetrieveInputBuffer");
    return request->Retrieve(true, MinimumRequiredLength, Buffer, Length);
}

NTSTATUS(WdfRequestRetrieveOutputBuffer)(WDFREQUEST RequestHandle, size_t MinimumRequiredSize, PVOID *Buffer,
                                         size_t *Length) {
    KWMI_DDI_ENTRY(WdfRequestRetrieveOutputBuffer);
    Request *request = Resolve<Request>(RequestHandle);
    KWMI_WDF_REQUIRE_POINTER(Buffer, "WdfRequestRetrieveOutputBuffer");
    return request->Retrieve(false, MinimumRequiredSize, Buffer, Length);
}

NTSTATUS WdfRequestRetrieveInputMemory(WDFREQUEST RequestHandle, WDFMEMORY *MemoryHandle) {
    KWMI_DDI_ENTRY(WdfRequestRetrieveInputMemory);
    Request *request = Resolve<Request>(RequestHandle);
    KWMI_WDF_REQUIRE_POINTER(MemoryHandle, "WdfRequestRetrieveInputMemory");
    return request->RetrieveMemory(true, MemoryHandle);
}

NTSTATUS WdfRequestRetrieveOutputMemory(WDFREQUEST RequestHandle, WDFMEMORY *MemoryHandle) {
    KWMI_DDI_ENTRY(WdfRequestRetrieveOutputMemory);
    Request *request = Resolve<Request>(RequestHandle);
    KWMI_WDF_REQUIRE_POINTER(MemoryHandle, "WdfRequestRetrieveOutputMemory");
    return request->RetrieveMemory(false, MemoryHandle);
}

NTSTATUS WdfMemoryCreate(PWDF_OBJECT_ATTRIBUTES Attributes, POOL_TYPE PoolType, ULONG PoolTag, size_t BufferSize,
                         WDFMEMORY *MemoryHandle, PVOID *Buffer) {
    KWMI_DDI_ENTRY(WdfMemoryCreate);
    KWMI_WDF_REQUIRE_POINTER(MemoryHandle, "WdfMemoryCreate");
    *MemoryHandle = nullptr;
    if (Buffer != nullptr) *Buffer = nullptr;
    if (BufferSize == 0) return STATUS_INVALID_PARAMETER;
    NTSTATUS status = ValidateObjectAttributes(Attributes);
    if (!NT_SUCCESS(status)) return status;
    DriverGlobals *globals = CallerGlobals();
    Object *parent = ResolveParentOrDriver(Attributes, globals);
    void *data = ExAllocatePoolWithTag(PoolType, BufferSize, PoolTag != 0 ? PoolTag : 'MfdW');
    if (data == nullptr) return STATUS_INSUFFICIENT_RESOURCES;
    auto *memory = new Memory(globals, data, BufferSize, true);
    status = memory->Initialize(Attributes);
    if (NT_SUCCESS(status)) status = memory->Commit(parent, MemoryHandle);
    if (!NT_SUCCESS(status)) {
        memory->DeleteFromFailedCreate();
        *MemoryHandle = nullptr;
        return status;
    }
    if (Buffer != nullptr) *Buffer = data;
    return STATUS_SUCCESS;
}

PVOID WdfMemoryGetBuffer(WDFMEMORY MemoryHandle, size_t *BufferSize) {
    KWMI_DDI_ENTRY(WdfMemoryGetBuffer);
    Memory *memory = Resolve<Memory>(MemoryHandle);
    if (BufferSize != nullptr) *BufferSize = memory->Size();
    return memory->Buffer();
}

}  // extern "C"

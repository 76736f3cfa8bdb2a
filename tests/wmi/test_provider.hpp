// test_provider.hpp - a small WDM WMI provider for the service tests: a DRIVER_OBJECT whose
// IRP_MJ_SYSTEM_CONTROL dispatch speaks the WMI IRP protocol directly (REGINFO_EX, queries,
// sets, methods, enable/disable), on an FDO attached over its own PDO. Every IRP it sees is
// recorded; `intercept` lets a test answer an IRP itself (to lie, pend, ...).
#pragma once

#include <wdm.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include <kwmi/kernel.hpp>

namespace kwmi::test {

using Bytes = std::vector<std::uint8_t>;

struct TestBlock {
    GUID guid{};
    ULONG regFlags = WMIREG_FLAG_INSTANCE_PDO;  // naming + EXPENSIVE / EVENT_ONLY ...
    std::vector<Bytes> instances;               // data of each instance
    std::vector<std::u16string> names;          // INSTANCE_LIST or dynamic names
    std::u16string baseName;                    // INSTANCE_BASENAME
    bool fixedSize = false;                     // answer ALL_DATA with FIXED_INSTANCE_SIZE
    bool readOnly = false;
    // Method: fill `out`; return status. Unset -> STATUS_INVALID_DEVICE_REQUEST.
    std::function<NTSTATUS(ULONG methodId, std::span<const std::uint8_t> in, Bytes& out)> method;
    // Set item: unset -> STATUS_WMI_READ_ONLY.
    std::function<NTSTATUS(ULONG itemId, std::span<const std::uint8_t> value)> setItem;
};

struct CallRecord {
    UCHAR minor = 0;
    KIRQL irql = 0;
    ULONG_PTR providerId = 0;
    ULONG_PTR dataPath = 0;  // integer for REGINFO, else the GUID pointer
    GUID guid{};             // *DataPath for non-REGINFO minors
    ULONG bufferSize = 0;    // Parameters.WMI.BufferSize
    Bytes request;           // the request WNODE (up to its BufferSize) as received
    PDEVICE_OBJECT device = nullptr;  // device whose dispatch saw it
};

class TestProvider {
public:
    explicit TestProvider(nt::Kernel& kernel, bool withFilter = false);
    ~TestProvider();
    TestProvider(const TestProvider&) = delete;
    TestProvider& operator=(const TestProvider&) = delete;

    PDEVICE_OBJECT Fdo() const { return fdo_; }
    PDEVICE_OBJECT Pdo() const { return pdo_; }
    PDEVICE_OBJECT Filter() const { return filter_; }

    NTSTATUS Register() { return IoWMIRegistrationControl(fdo_, WMIREG_ACTION_REGISTER); }
    NTSTATUS Update() { return IoWMIRegistrationControl(fdo_, WMIREG_ACTION_UPDATE_GUIDS); }
    NTSTATUS Deregister() { return IoWMIRegistrationControl(fdo_, WMIREG_ACTION_DEREGISTER); }

    // Builds a KMDF-style WNODE_SINGLE_INSTANCE event (flags 0x8A) in pool and writes it.
    NTSTATUS FireEvent(std::size_t block, ULONG instanceIndex, std::span<const std::uint8_t> data,
                       PVOID* leftOver = nullptr);

    std::vector<CallRecord> Calls(int minor = -1) const;
    void ClearCalls();

    // State read and written by the dispatch routine (guard with Lock()).
    std::unique_lock<std::mutex> Lock() { return std::unique_lock(mutex_); }
    std::vector<TestBlock> blocks;
    std::u16string mofName = u"MofResource";
    std::u16string registryPath = u"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\Foo";
    ULONG allDataAlignment = 8;   // 16 = KMDF's MEMORY_ALLOCATION_ALIGNMENT
    bool answerRegInfoEx = true;  // false: fail REGINFO_EX like a pre-XP provider
    bool regInfoTooSmallAsError = false;  // documented form instead of KMDF's success + 4
    // Returns true when it took the IRP (completed it, or pended it after calling
    // ReturnFromIntercept(STATUS_PENDING) so the dispatch routine does not touch it again).
    std::function<bool(PIRP irp, PIO_STACK_LOCATION stack)> intercept;
    static void ReturnFromIntercept(NTSTATUS status);

    static NTSTATUS Dispatch(PDEVICE_OBJECT device, PIRP irp);

private:
    NTSTATUS Handle(PDEVICE_OBJECT device, PIRP irp, PIO_STACK_LOCATION stack);
    NTSTATUS RegInfo(PIO_STACK_LOCATION stack, ULONG_PTR* information, bool ex);
    NTSTATUS QueryAll(TestBlock& block, PIO_STACK_LOCATION stack, ULONG_PTR* information);
    TestBlock* FindBlock(const GUID& guid);
    long FindInstance(const TestBlock& block, const std::uint8_t* wnode, ULONG capacity);

    nt::Kernel& kernel_;
    PDRIVER_OBJECT driver_ = nullptr;
    PDEVICE_OBJECT pdo_ = nullptr;
    PDEVICE_OBJECT fdo_ = nullptr;
    PDEVICE_OBJECT filter_ = nullptr;
    mutable std::mutex mutex_;
    std::vector<CallRecord> calls_;
};

// Helpers for tests.
Bytes U32Bytes(std::initializer_list<std::uint32_t> values);
std::uint32_t ReadU32(std::span<const std::uint8_t> bytes, std::size_t offset);
GUID MakeGuid(std::uint32_t n);

}  // namespace kwmi::test

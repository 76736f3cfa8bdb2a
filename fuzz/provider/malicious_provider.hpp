// malicious_provider.hpp - a WDM WMI provider that lies. Its IRP_MJ_SYSTEM_CONTROL dispatch
// answers every WMI IRP from the fuzzer's bytes: REGINFO with lying BufferSize, offsets out
// of range, overlapping or unterminated strings, odd counts; WNODE replies with lying
// BufferSize / OffsetInstanceNameOffsets / DataBlockOffset / SizeDataBlock, WNODE_TOO_SMALL
// lies, Information larger than the buffer, any status. It still obeys the two rules a
// real driver cannot break without crashing Windows itself: it writes only inside
// Parameters.WMI.Buffer[0, BufferSize) and it completes every IRP it is sent.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <ntddk.h>

#include <kwmi/kernel.hpp>

#include <set>
#include <string>
#include <vector>

namespace kwmi::fuzz {

// The GUIDs the provider's REGINFO draws from (consumers ask for these).
inline constexpr int kEvilGuidCount = 4;
GUID EvilGuid(int index);

class MaliciousProvider {
public:
    explicit MaliciousProvider(nt::Kernel& kernel);
    MaliciousProvider(const MaliciousProvider&) = delete;
    MaliciousProvider& operator=(const MaliciousProvider&) = delete;

    PDEVICE_OBJECT Fdo() const { return fdo_; }
    PDEVICE_OBJECT Pdo() const { return pdo_; }
    // Instance names the lies are built around ("I0", "B0", the PDO's name ...).
    static std::vector<std::u16string> LikelyNames();

    // Answers come from `script` while it is set (nullptr: fail every IRP). Setting a script
    // starts a new record of the errors the provider answered with.
    void SetScript(FuzzedDataProvider* script) {
        script_ = script;
        answeredErrors_.clear();
    }
    // WMI hands a provider's own failure status to the consumer (mapped as
    // RtlNtStatusToDosError does), so a consumer may see any error this provider chose: true
    // if some IRP since SetScript was failed with a status that maps to `win32Error`.
    bool AnsweredWith(ULONG win32Error) const { return answeredErrors_.count(win32Error) != 0; }
    // Builds a malformed event WNODE in nonpaged pool (caller passes it to IoWMIWriteEvent).
    void* BuildEvent(FuzzedDataProvider& in, ULONG* allocated) const;

private:
    static NTSTATUS Dispatch(PDEVICE_OBJECT device, PIRP irp);
    NTSTATUS Answer(PIO_STACK_LOCATION stack, ULONG_PTR* information);
    std::vector<std::uint8_t> RegInfo(FuzzedDataProvider& in) const;
    void ReferenceReturnedPdos(const std::vector<std::uint8_t>& info, std::size_t returned) const;
    std::vector<std::uint8_t> WnodeReply(FuzzedDataProvider& in, UCHAR minor, const std::uint8_t* request,
                                         ULONG capacity) const;

    PDRIVER_OBJECT driver_ = nullptr;
    PDEVICE_OBJECT fdo_ = nullptr;
    PDEVICE_OBJECT pdo_ = nullptr;
    FuzzedDataProvider* script_ = nullptr;
    std::set<ULONG> answeredErrors_;
};

}  // namespace kwmi::fuzz

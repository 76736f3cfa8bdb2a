// WDFCHILDLIST: a bus FDO's dynamic children, kept as the driver's identification (and
// address) descriptions. Changes mark the bus's relations stale; the bus relations query
// (the host's enumeration, at PASSIVE_LEVEL) asks the driver for a PDO for each new child
// (EvtChildListCreateDevice) and reports children marked missing so PnP removes them.
#pragma once

#include "wdf/object.hpp"

#include <wdf.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace kwmi::wdf {

class Device;

// The WDF_RETRIEVE_CHILD_FLAGS bit a child matches: missing (reported missing, not removed
// yet), present (its PDO reported to PnP) or pending (reported by the driver, not yet to PnP).
inline ULONG RetrieveFlagOf(bool missing, bool reportedToPnp) {
    if (missing) return WdfRetrieveMissingChildren;
    return reportedToPnp ? WdfRetrievePresentChildren : WdfRetrievePendingChildren;
}
// A WDF_RETRIEVE_CHILD_FLAGS value a DDI accepts: some bits, and only known ones.
inline bool ValidRetrieveFlags(ULONG flags) {
    return flags != 0 && (flags & ~ULONG{WdfRetrieveAllChildren}) == 0;
}

class ChildList final : public Object {
public:
    static constexpr ObjectType kType = ObjectType::ChildList;
    ChildList(DriverGlobals *globals, Device &bus, const WDF_CHILD_LIST_CONFIG &config);

    Device &Bus() const noexcept { return bus_; }
    const WDF_CHILD_LIST_CONFIG &Config() const noexcept { return config_; }

    // --- DDIs (<= DISPATCH_LEVEL; the driver's description callbacks run on the caller) ---
    // Scans and iterations share one lock count (as in KMDF): what they change is reported
    // to PnP when the last of them ends; a scan's unseen children become missing then.
    void BeginScan();
    void EndScan();
    NTSTATUS AddOrUpdateAsPresent(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id,
                                  const WDF_CHILD_ADDRESS_DESCRIPTION_HEADER *address);
    NTSTATUS UpdateAsMissing(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id);
    void UpdateAllAsPresent();
    bool RequestEject(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id);
    void BeginIteration(WDF_CHILD_LIST_ITERATOR &iterator);
    void EndIteration(WDF_CHILD_LIST_ITERATOR &iterator);
    NTSTATUS RetrieveNextDevice(WDF_CHILD_LIST_ITERATOR &iterator, WDFDEVICE *device, WDF_CHILD_RETRIEVE_INFO *info);
    WDFDEVICE RetrievePdo(WDF_CHILD_RETRIEVE_INFO &info);
    NTSTATUS RetrieveAddressDescription(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id,
                                        WDF_CHILD_ADDRESS_DESCRIPTION_HEADER &address);

    // --- PnP (PASSIVE_LEVEL) ---
    // EvtChildListScanForChildren, when the bus enters D0 (start and return from idle).
    void ScanForChildren();
    // The bus relations query: creates a PDO for each pending child (a failure drops the
    // child; STATUS_RETRY keeps it for the next query), marks the PDOs of missing children
    // missing. Returns every child PDO (present and missing: PnP removes the missing), each
    // AddRef'ed.
    std::vector<Device *> QueryBusRelations();
    // Every child PDO the list holds, AddRef'ed (for removal of the bus).
    std::vector<Device *> Pdos() const;
    // A child PDO was removed for good: its description is dropped.
    void PdoRemoved(Device *pdo);
    // WdfPdoMarkMissing on one of the list's PDOs: as WdfChildListUpdateChildDescriptionAsMissing.
    void PdoMarkedMissing(Device *pdo);

private:
    enum class State { Pending, Present, Missing };
    struct Entry {
        std::vector<std::uint64_t> id;       // the driver's description, 8-byte aligned
        std::vector<std::uint64_t> address;  // empty when the list has no address descriptions
        State state = State::Pending;
        Device *pdo = nullptr;  // referenced; null until EvtChildListCreateDevice made one
        bool seenInScan = true;
        bool missingQueued = false;  // reported missing while the list was locked: applied at the unlock
        bool removed = false;   // dropped: erased when nothing walks or locks the list
        bool creating = false;  // EvtChildListCreateDevice is running for it (unlocked)
    };

    ~ChildList() override;
    bool CanDriverDelete() const noexcept override { return false; }  // it goes with its device
    void OnDispose() override;

    WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER *Id(Entry &entry) const noexcept;
    WDF_CHILD_ADDRESS_DESCRIPTION_HEADER *Address(Entry &entry) const noexcept;
    bool IdSizeOk(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id) const noexcept;
    bool AddressOk(const WDF_CHILD_ADDRESS_DESCRIPTION_HEADER *address) const noexcept;
    bool SameId(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &stored,
                const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &given) const;
    // The live entry with this description; missing ones only when `includeMissing`.
    Entry *FindLocked(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id, bool includeMissing);
    // A child reported again after it went missing has two entries: the new one first.
    Entry *FindNewestLocked(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id);
    NTSTATUS DuplicateAddressLocked(Entry &entry, const WDF_CHILD_ADDRESS_DESCRIPTION_HEADER &address);
    void CopyIdOut(Entry &entry, WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &to);
    void CopyAddressOut(Entry &entry, WDF_CHILD_ADDRESS_DESCRIPTION_HEADER &to);
    void CopyAddressIn(const WDF_CHILD_ADDRESS_DESCRIPTION_HEADER &from, Entry &entry);
    void CleanupLocked(Entry &entry);   // the driver's cleanup callbacks, address first
    void DropLocked(Entry &entry);      // cleanup, release the PDO; erased by EraseDroppedLocked
    // Erases dropped entries, unless the list is locked (an iteration indexes entries_) or a
    // walk over it is calling the driver (which may re-enter a list DDI).
    void EraseDroppedLocked();
    struct WalkPin;
    void MarkMissingLocked(Entry &entry);
    void ChangedLocked();               // tells PnP now, or when the list is unlocked
    void UnlockLocked();
    // EvtChildListCreateDevice, without the lock: the PDO (referenced) or null and the status.
    Device *CreatePdo(Entry &entry, NTSTATUS &status);
    // Gives the entry its PDO, or returns the PDO to remove (the child went missing meanwhile).
    Device *AdoptPdoLocked(Entry &entry, Device *created, NTSTATUS status, bool &retry);
    void EndCreationLocked(Entry &entry);  // not pending any more: dropped

    Device &bus_;
    const WDF_CHILD_LIST_CONFIG config_;
    mutable std::recursive_mutex mutex_;  // the driver's description callbacks run under it
    std::vector<std::unique_ptr<Entry>> entries_;  // stable addresses: PDO creation runs unlocked
    int locks_ = 0;            // open scans and iterations
    int pins_ = 0;             // walks over entries_ in progress (WalkPin)
    bool scanning_ = false;    // a scan is among them: unseen children go missing at the unlock
    bool changed_ = false;     // something PnP must hear about when the list is unlocked
};

}  // namespace kwmi::wdf

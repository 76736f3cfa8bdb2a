// WDFCHILDLIST (see child_list.hpp). Descriptions are compared, copied and duplicated with the
// driver's callbacks when it has them, else byte for byte over the configured size.
#include "wdf/child_list.hpp"

#include "wdf/device.hpp"
#include "wdf/device_init.hpp"
#include "wdf/driver_callback.hpp"

#include <algorithm>
#include <cstring>

namespace kwmi::wdf {
namespace {

std::vector<std::uint64_t> AlignedStorage(ULONG bytes) { return std::vector<std::uint64_t>((bytes + 7) / 8, 0); }

// The iterator's first reserved slot holds the next entry index; the second marks it begun.
constexpr std::uintptr_t kIteratorBegun = 0x4B574D49;  // "KWMI"

bool WellFormed(const WDF_CHILD_LIST_ITERATOR &iterator) {
    return iterator.Size == sizeof(WDF_CHILD_LIST_ITERATOR) && (iterator.Flags & ~ULONG{WdfRetrieveAllChildren}) == 0;
}

}  // namespace

// Keeps entries_ from being compacted while a walk over it runs driver callbacks; walks go by
// index, so entries appended meanwhile (unique_ptr: the entries themselves never move) are fine.
struct ChildList::WalkPin {
    explicit WalkPin(ChildList &list) : list_(list) { ++list_.pins_; }
    ~WalkPin() { --list_.pins_; }
    WalkPin(const WalkPin &) = delete;
    WalkPin &operator=(const WalkPin &) = delete;
    ChildList &list_;
};

ChildList::ChildList(DriverGlobals *globals, Device &bus, const WDF_CHILD_LIST_CONFIG &config)
    : Object(kType, globals), bus_(bus), config_(config) {}

ChildList::~ChildList() = default;

void ChildList::OnDispose() {
    // The bus is going away and removed its children first: drop what is left.
    std::lock_guard lock(mutex_);
    locks_ = 0;
    {
        WalkPin pin(*this);
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            if (!entries_[i]->removed) DropLocked(*entries_[i]);
        }
    }
    EraseDroppedLocked();
}

WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER *ChildList::Id(Entry &entry) const noexcept {
    return reinterpret_cast<WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER *>(entry.id.data());
}

WDF_CHILD_ADDRESS_DESCRIPTION_HEADER *ChildList::Address(Entry &entry) const noexcept {
    return entry.address.empty() ? nullptr : reinterpret_cast<WDF_CHILD_ADDRESS_DESCRIPTION_HEADER *>(entry.address.data());
}

bool ChildList::IdSizeOk(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id) const noexcept {
    return id.IdentificationDescriptionSize == config_.IdentificationDescriptionSize;
}

// A list with address descriptions needs one of the configured size; a list without takes none.
bool ChildList::AddressOk(const WDF_CHILD_ADDRESS_DESCRIPTION_HEADER *address) const noexcept {
    if (config_.AddressDescriptionSize == 0) return address == nullptr;
    return address != nullptr && address->AddressDescriptionSize == config_.AddressDescriptionSize;
}

bool ChildList::SameId(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &stored,
                       const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &given) const {
    if (config_.EvtChildListIdentificationDescriptionCompare != nullptr) {
        return CallDriverCallback("EvtChildListIdentificationDescriptionCompare", this, Globals(),
                                  config_.EvtChildListIdentificationDescriptionCompare,
                                  static_cast<WDFCHILDLIST>(Handle()),
                                  const_cast<PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER>(&stored),
                                  const_cast<PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER>(&given)) != FALSE;
    }
    return std::memcmp(&stored, &given, config_.IdentificationDescriptionSize) == 0;
}

ChildList::Entry *ChildList::FindLocked(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id, bool includeMissing) {
    WalkPin pin(*this);  // the compare callback is the driver's
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry &entry = *entries_[i];
        const bool missing = entry.state == State::Missing || entry.missingQueued;
        if (entry.removed || (!includeMissing && missing)) continue;
        if (SameId(*Id(entry), id)) return &entry;
    }
    return nullptr;
}

ChildList::Entry *ChildList::FindNewestLocked(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id) {
    Entry *entry = FindLocked(id, /*includeMissing*/ false);
    return entry != nullptr ? entry : FindLocked(id, /*includeMissing*/ true);
}

NTSTATUS ChildList::DuplicateAddressLocked(Entry &entry, const WDF_CHILD_ADDRESS_DESCRIPTION_HEADER &address) {
    entry.address = AlignedStorage(config_.AddressDescriptionSize);
    if (config_.EvtChildListAddressDescriptionDuplicate != nullptr) {
        return CallDriverCallback("EvtChildListAddressDescriptionDuplicate", this, Globals(),
                                  config_.EvtChildListAddressDescriptionDuplicate, static_cast<WDFCHILDLIST>(Handle()),
                                  const_cast<PWDF_CHILD_ADDRESS_DESCRIPTION_HEADER>(&address), Address(entry));
    }
    std::memcpy(Address(entry), &address, config_.AddressDescriptionSize);
    return STATUS_SUCCESS;
}

void ChildList::CopyIdOut(Entry &entry, WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &to) {
    if (config_.EvtChildListIdentificationDescriptionCopy != nullptr) {
        CallDriverCallback("EvtChildListIdentificationDescriptionCopy", this, Globals(),
                           config_.EvtChildListIdentificationDescriptionCopy, static_cast<WDFCHILDLIST>(Handle()),
                           Id(entry), &to);
        return;
    }
    std::memcpy(&to, Id(entry), config_.IdentificationDescriptionSize);
}

void ChildList::CopyAddressOut(Entry &entry, WDF_CHILD_ADDRESS_DESCRIPTION_HEADER &to) {
    if (config_.EvtChildListAddressDescriptionCopy != nullptr) {
        CallDriverCallback("EvtChildListAddressDescriptionCopy", this, Globals(), config_.EvtChildListAddressDescriptionCopy,
                           static_cast<WDFCHILDLIST>(Handle()), Address(entry), &to);
        return;
    }
    std::memcpy(&to, Address(entry), config_.AddressDescriptionSize);
}

void ChildList::CopyAddressIn(const WDF_CHILD_ADDRESS_DESCRIPTION_HEADER &from, Entry &entry) {
    if (config_.EvtChildListAddressDescriptionCopy != nullptr) {
        CallDriverCallback("EvtChildListAddressDescriptionCopy", this, Globals(), config_.EvtChildListAddressDescriptionCopy,
                           static_cast<WDFCHILDLIST>(Handle()), const_cast<PWDF_CHILD_ADDRESS_DESCRIPTION_HEADER>(&from),
                           Address(entry));
        return;
    }
    std::memcpy(Address(entry), &from, config_.AddressDescriptionSize);
}

void ChildList::CleanupLocked(Entry &entry) {
    if (!entry.address.empty() && config_.EvtChildListAddressDescriptionCleanup != nullptr) {
        CallDriverCallback("EvtChildListAddressDescriptionCleanup", this, Globals(),
                           config_.EvtChildListAddressDescriptionCleanup, static_cast<WDFCHILDLIST>(Handle()),
                           Address(entry));
    }
    if (config_.EvtChildListIdentificationDescriptionCleanup != nullptr) {
        CallDriverCallback("EvtChildListIdentificationDescriptionCleanup", this, Globals(),
                           config_.EvtChildListIdentificationDescriptionCleanup, static_cast<WDFCHILDLIST>(Handle()),
                           Id(entry));
    }
}

void ChildList::DropLocked(Entry &entry) {
    entry.removed = true;  // first: a bug check in the driver's cleanup leaves it dropped
    if (entry.pdo != nullptr) {
        entry.pdo->Release(this);
        entry.pdo = nullptr;
    }
    WalkPin pin(*this);  // the entry outlives its cleanup callbacks, whatever they call
    CleanupLocked(entry);
}

void ChildList::EraseDroppedLocked() {
    if (locks_ != 0 || pins_ != 0) return;
    std::erase_if(entries_, [](const std::unique_ptr<Entry> &entry) { return entry->removed && !entry->creating; });
}

void ChildList::MarkMissingLocked(Entry &entry) {
    if (entry.pdo == nullptr && !entry.creating) {
        DropLocked(entry);  // never reported: nothing for PnP to remove
        return;
    }
    entry.state = State::Missing;
    if (entry.pdo != nullptr) entry.pdo->MarkMissing();
}

void ChildList::ChangedLocked() {
    changed_ = true;
    if (locks_ != 0) return;
    changed_ = false;
    bus_.InvalidateBusRelations();
}

void ChildList::UnlockLocked() {
    if (locks_ == 0 || --locks_ != 0) return;  // an unmatched End changes nothing
    // What the scan did not see and what was reported missing meanwhile goes missing now.
    const bool scanned = scanning_;
    scanning_ = false;
    {
        WalkPin pin(*this);
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            Entry &entry = *entries_[i];
            if (entry.removed || entry.state == State::Missing) continue;
            if (entry.missingQueued || (scanned && !entry.seenInScan)) {
                entry.missingQueued = false;
                MarkMissingLocked(entry);
                changed_ = true;
            }
        }
    }
    EraseDroppedLocked();
    if (changed_) ChangedLocked();
}

// ---- scans and updates ----

void ChildList::BeginScan() {
    std::lock_guard lock(mutex_);
    ++locks_;
    scanning_ = true;
    for (std::size_t i = 0; i < entries_.size(); ++i) entries_[i]->seenInScan = false;
}

void ChildList::EndScan() {
    std::lock_guard lock(mutex_);
    UnlockLocked();
}

NTSTATUS ChildList::AddOrUpdateAsPresent(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id,
                                         const WDF_CHILD_ADDRESS_DESCRIPTION_HEADER *address) {
    if (!IdSizeOk(id) || !AddressOk(address)) return STATUS_INVALID_DEVICE_REQUEST;
    std::lock_guard lock(mutex_);
    if (Entry *existing = FindLocked(id, /*includeMissing*/ false)) {
        // A known child: its address is overwritten, and a scan sees it.
        if (address != nullptr) CopyAddressIn(*address, *existing);
        existing->seenInScan = true;
        return STATUS_OBJECT_NAME_EXISTS;
    }
    // New, or reported missing and not removed yet: a new child (PnP removes the old PDO).
    auto entry = std::make_unique<Entry>();
    entry->id = AlignedStorage(config_.IdentificationDescriptionSize);
    NTSTATUS status = STATUS_SUCCESS;
    if (config_.EvtChildListIdentificationDescriptionDuplicate != nullptr) {
        status = CallDriverCallback("EvtChildListIdentificationDescriptionDuplicate", this, Globals(),
                                    config_.EvtChildListIdentificationDescriptionDuplicate,
                                    static_cast<WDFCHILDLIST>(Handle()),
                                    const_cast<PWDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER>(&id), Id(*entry));
    } else {
        std::memcpy(Id(*entry), &id, config_.IdentificationDescriptionSize);
    }
    if (NT_SUCCESS(status) && address != nullptr) status = DuplicateAddressLocked(*entry, *address);
    if (!NT_SUCCESS(status)) {
        CleanupLocked(*entry);
        return status;
    }
    entries_.push_back(std::move(entry));
    ChangedLocked();
    return STATUS_SUCCESS;
}

NTSTATUS ChildList::UpdateAsMissing(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id) {
    if (!IdSizeOk(id)) return STATUS_INVALID_DEVICE_REQUEST;
    std::lock_guard lock(mutex_);
    Entry *entry = FindLocked(id, /*includeMissing*/ false);
    if (entry == nullptr) return FindLocked(id, true) != nullptr ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
    if (locks_ != 0 && (entry->pdo != nullptr || entry->creating)) {
        entry->missingQueued = true;  // a reported child: removed when the scan or iteration ends
        return STATUS_SUCCESS;
    }
    MarkMissingLocked(*entry);  // a pending one is simply dropped, even inside a scan
    EraseDroppedLocked();
    ChangedLocked();
    return STATUS_SUCCESS;
}

void ChildList::UpdateAllAsPresent() {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < entries_.size(); ++i) entries_[i]->seenInScan = true;
}

bool ChildList::RequestEject(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id) {
    if (!IdSizeOk(id)) return false;
    std::lock_guard lock(mutex_);
    Entry *entry = FindLocked(id, /*includeMissing*/ false);
    if (entry == nullptr || entry->pdo == nullptr || !entry->pdo->ReportedToBus()) return false;
    // IoRequestDeviceEject: the simulated PnP manager ejects at its next enumeration.
    MarkMissingLocked(*entry);
    ChangedLocked();
    return true;
}

// ---- iteration and retrieval ----

void ChildList::BeginIteration(WDF_CHILD_LIST_ITERATOR &iterator) {
    if (!WellFormed(iterator)) return;  // KMDF's verifier breaks and the list is not locked
    std::lock_guard lock(mutex_);
    ++locks_;
    std::fill(std::begin(iterator.Reserved), std::end(iterator.Reserved), nullptr);
    iterator.Reserved[1] = reinterpret_cast<PVOID>(kIteratorBegun);
}

void ChildList::EndIteration(WDF_CHILD_LIST_ITERATOR &iterator) {
    if (!WellFormed(iterator)) return;
    std::lock_guard lock(mutex_);
    std::fill(std::begin(iterator.Reserved), std::end(iterator.Reserved), nullptr);
    UnlockLocked();
}

NTSTATUS ChildList::RetrieveNextDevice(WDF_CHILD_LIST_ITERATOR &iterator, WDFDEVICE *device,
                                       WDF_CHILD_RETRIEVE_INFO *info) {
    *device = nullptr;
    if (iterator.Size != sizeof(WDF_CHILD_LIST_ITERATOR)) return STATUS_INFO_LENGTH_MISMATCH;
    if (!ValidRetrieveFlags(iterator.Flags)) return STATUS_INVALID_PARAMETER;
    if (info != nullptr) {
        if (info->Size != sizeof(WDF_CHILD_RETRIEVE_INFO)) return STATUS_INFO_LENGTH_MISMATCH;
        if (info->IdentificationDescription != nullptr && !IdSizeOk(*info->IdentificationDescription)) {
            return STATUS_INVALID_PARAMETER;
        }
        if (info->AddressDescription != nullptr) {
            if (config_.AddressDescriptionSize == 0) return STATUS_INVALID_DEVICE_REQUEST;
            if (info->AddressDescription->AddressDescriptionSize != config_.AddressDescriptionSize) {
                return STATUS_INVALID_PARAMETER;
            }
        }
    }
    std::lock_guard lock(mutex_);
    if (reinterpret_cast<std::uintptr_t>(iterator.Reserved[1]) != kIteratorBegun || locks_ == 0) {
        return STATUS_INVALID_DEVICE_STATE;  // WdfChildListBeginIteration was not called
    }
    auto next = reinterpret_cast<std::uintptr_t>(iterator.Reserved[0]);
    for (; next < entries_.size(); ++next) {
        Entry &entry = *entries_[next];
        const bool present = entry.pdo != nullptr && entry.pdo->ReportedToBus();
        if (entry.removed || (iterator.Flags & RetrieveFlagOf(entry.state == State::Missing, present)) == 0) continue;
        // The caller's own compare narrows the walk: its description first, the list's second.
        if (info != nullptr && info->EvtChildListIdentificationDescriptionCompare != nullptr &&
            info->IdentificationDescription != nullptr &&
            !CallDriverCallback("EvtChildListIdentificationDescriptionCompare", this, Globals(),
                                info->EvtChildListIdentificationDescriptionCompare, static_cast<WDFCHILDLIST>(Handle()),
                                info->IdentificationDescription, Id(entry))) {
            continue;
        }
        iterator.Reserved[0] = reinterpret_cast<PVOID>(next + 1);
        *device = entry.pdo != nullptr ? static_cast<WDFDEVICE>(entry.pdo->Handle()) : nullptr;
        if (info != nullptr) {
            info->Status = entry.pdo != nullptr ? WdfChildListRetrieveDeviceSuccess : WdfChildListRetrieveDeviceNotYetCreated;
            if (info->IdentificationDescription != nullptr) CopyIdOut(entry, *info->IdentificationDescription);
            if (info->AddressDescription != nullptr && !entry.address.empty()) CopyAddressOut(entry, *info->AddressDescription);
        }
        return STATUS_SUCCESS;
    }
    iterator.Reserved[0] = reinterpret_cast<PVOID>(next);
    return STATUS_NO_MORE_ENTRIES;
}

WDFDEVICE ChildList::RetrievePdo(WDF_CHILD_RETRIEVE_INFO &info) {
    // Malformed requests return NULL and leave Status alone, as KMDF does.
    if (info.Size != sizeof(WDF_CHILD_RETRIEVE_INFO) || info.IdentificationDescription == nullptr ||
        !IdSizeOk(*info.IdentificationDescription)) {
        return nullptr;
    }
    if (info.AddressDescription != nullptr && !AddressOk(info.AddressDescription)) return nullptr;
    std::lock_guard lock(mutex_);
    info.Status = WdfChildListRetrieveDeviceUndefined;
    Entry *entry = FindNewestLocked(*info.IdentificationDescription);
    if (entry == nullptr) {
        info.Status = WdfChildListRetrieveDeviceNoSuchDevice;
        return nullptr;
    }
    if (info.AddressDescription != nullptr && !entry->address.empty()) CopyAddressOut(*entry, *info.AddressDescription);
    if (entry->pdo == nullptr) {
        info.Status = WdfChildListRetrieveDeviceNotYetCreated;
        return nullptr;
    }
    info.Status = WdfChildListRetrieveDeviceSuccess;
    return entry->pdo->ReportedToBus() ? static_cast<WDFDEVICE>(entry->pdo->Handle()) : nullptr;  // PnP must know it
}

NTSTATUS ChildList::RetrieveAddressDescription(const WDF_CHILD_IDENTIFICATION_DESCRIPTION_HEADER &id,
                                               WDF_CHILD_ADDRESS_DESCRIPTION_HEADER &address) {
    if (!IdSizeOk(id) || config_.AddressDescriptionSize == 0 ||
        address.AddressDescriptionSize != config_.AddressDescriptionSize) {
        return STATUS_INVALID_DEVICE_REQUEST;
    }
    std::lock_guard lock(mutex_);
    Entry *entry = FindNewestLocked(id);
    if (entry == nullptr) return STATUS_NO_SUCH_DEVICE;
    CopyAddressOut(*entry, address);
    return STATUS_SUCCESS;
}

// ---- PnP ----

void ChildList::ScanForChildren() {
    if (config_.EvtChildListScanForChildren == nullptr) return;
    CallDriverCallback("EvtChildListScanForChildren", this, Globals(), config_.EvtChildListScanForChildren,
                       static_cast<WDFCHILDLIST>(Handle()));
}

Device *ChildList::CreatePdo(Entry &entry, NTSTATUS &status) {
    auto init = std::make_unique<WDFDEVICE_INIT>();
    init->driver = bus_.GetDriver();
    init->pdo = true;
    init->allocatedByDriver = false;  // the framework's: freed here, whatever the driver did
    init->powerPolicyOwner = WdfFalse;
    init->parentDevice = &bus_;
    try {
        // The driver reads the list's own copy of the description.
        status = CallDriverCallback("EvtChildListCreateDevice", this, Globals(), config_.EvtChildListCreateDevice,
                                    static_cast<WDFCHILDLIST>(Handle()), Id(entry), init.get());
    } catch (...) {
        // A bug check in the callback: a PDO it already created is not reported.
        if (init->created != nullptr) {
            init->created->MarkMissing();
            (void)init->created->Remove();
        }
        throw;
    }
    Device *created = init->created;
    if (NT_SUCCESS(status) && created == nullptr) status = STATUS_INVALID_DEVICE_OBJECT_PARAMETER;  // no WdfDeviceCreate
    if (!NT_SUCCESS(status)) {
        if (created != nullptr) {  // created, then failed: it is deleted again
            created->MarkMissing();
            (void)created->Remove();
        }
        return nullptr;
    }
    created->AddRef(this);
    return created;
}

Device *ChildList::AdoptPdoLocked(Entry &entry, Device *created, NTSTATUS status, bool &retry) {
    const bool wanted = entry.state == State::Pending && !entry.removed;
    if (created != nullptr && wanted) {
        entry.pdo = created;
        entry.state = State::Present;
        entry.creating = false;
        return nullptr;
    }
    if (created == nullptr && status == STATUS_RETRY && wanted) {
        retry = true;  // stays pending: asked again at the next query
        entry.creating = false;
        return nullptr;
    }
    return created;  // reported missing (or dropped) while being made, or not made: never reported
}

void ChildList::EndCreationLocked(Entry &entry) {
    entry.creating = false;
    if (!entry.removed) DropLocked(entry);
    EraseDroppedLocked();
}

std::vector<Device *> ChildList::QueryBusRelations() {
    std::vector<Entry *> pending;
    {
        std::lock_guard lock(mutex_);
        if (locks_ != 0) return Pdos();  // the driver holds the list: PnP sees what exists
        for (std::size_t i = 0; i < entries_.size(); ++i) {
            Entry &entry = *entries_[i];
            if (!entry.removed && entry.state == State::Pending && entry.pdo == nullptr) {
                entry.creating = true;
                pending.push_back(&entry);
            }
        }
    }
    bool retry = false;
    std::size_t next = 0;
    try {
        for (; next < pending.size(); ++next) {
            Entry &entry = *pending[next];
            NTSTATUS status = STATUS_UNSUCCESSFUL;
            Device *created = CreatePdo(entry, status);  // unlocked: the driver creates a device
            Device *unwanted = nullptr;
            {
                std::lock_guard lock(mutex_);
                unwanted = AdoptPdoLocked(entry, created, status, retry);
                if (unwanted == nullptr && entry.creating == false) continue;  // adopted, or retry
            }
            if (unwanted != nullptr) {
                // Outside the lock: removing runs the driver's callbacks, which may use the list.
                unwanted->MarkMissing();
                (void)unwanted->Remove();
                unwanted->Release(this);
            }
            std::lock_guard lock(mutex_);
            EndCreationLocked(entry);
        }
    } catch (...) {
        // A bug check: the entries not finished stay pending, unless they went missing meanwhile.
        std::lock_guard lock(mutex_);
        for (std::size_t j = next; j < pending.size(); ++j) {
            pending[j]->creating = false;
            if (pending[j]->state != State::Pending && !pending[j]->removed) DropLocked(*pending[j]);
        }
        EraseDroppedLocked();
        throw;
    }
    if (retry) bus_.InvalidateBusRelations();
    return Pdos();
}

std::vector<Device *> ChildList::Pdos() const {
    std::lock_guard lock(mutex_);
    std::vector<Device *> pdos;
    for (const auto &entry : entries_) {
        if (entry->pdo != nullptr && !entry->removed) {
            entry->pdo->AddRef();
            pdos.push_back(entry->pdo);
        }
    }
    return pdos;
}

void ChildList::PdoRemoved(Device *pdo) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        if (entries_[i]->pdo == pdo && !entries_[i]->removed) {
            DropLocked(*entries_[i]);
            break;
        }
    }
    EraseDroppedLocked();
}

void ChildList::PdoMarkedMissing(Device *pdo) {
    std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry &entry = *entries_[i];
        if (entry.pdo != pdo || entry.removed || entry.state == State::Missing) continue;
        if (locks_ != 0) {
            entry.missingQueued = true;
        } else {
            entry.state = State::Missing;
            ChangedLocked();
        }
        return;
    }
}

}  // namespace kwmi::wdf

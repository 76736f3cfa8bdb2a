// A bus FDO's children: static children (WdfFdoAddStaticChild), the default child list, the
// bus relations PnP queries, and the bus information the children report.
#include "wdf/child_list.hpp"
#include "wdf/device.hpp"

#include <algorithm>

namespace kwmi::wdf {

NTSTATUS Device::AddStaticChild(Device *child) {
    if (kind_ == DeviceKind::Control || child->kind_ != DeviceKind::Pdo || child->parentDevice_ != this) {
        return STATUS_INVALID_PARAMETER;
    }
    std::lock_guard lock(logMutex_);
    for (Device *existing : staticChildren_) {
        if (existing == child) return STATUS_OBJECT_NAME_EXISTS;
    }
    child->AddRef(this);
    staticChildren_.push_back(child);
    if (staticChildLocks_ == 0) InvalidateBusRelations();
    return STATUS_SUCCESS;
}

void Device::ChildRemoved(Device *child) {
    if (childList_ != nullptr) childList_->PdoRemoved(child);
    {
        std::lock_guard lock(logMutex_);
        auto it = std::find(staticChildren_.begin(), staticChildren_.end(), child);
        if (it == staticChildren_.end()) return;
        staticChildren_.erase(it);
    }
    child->Release(this);
}

std::vector<Device *> Device::StaticChildren() const {
    std::lock_guard lock(logMutex_);
    for (Device *child : staticChildren_) child->AddRef();
    return staticChildren_;
}

std::vector<Device *> Device::AllChildren() const {
    std::vector<Device *> children = StaticChildren();
    if (childList_ != nullptr) {
        std::vector<Device *> listed = childList_->Pdos();
        children.insert(children.end(), listed.begin(), listed.end());
    }
    return children;
}

std::vector<Device *> Device::QueryBusRelations() {
    busRelationsStale_.store(false);
    // The child list first: its driver callbacks may bug-check, before any reference is taken.
    std::vector<Device *> children;
    if (childList_ != nullptr) children = childList_->QueryBusRelations();
    {
        std::lock_guard lock(logMutex_);
        for (Device *child : staticChildren_) {
            // While the driver holds the static list locked, PnP sees only what it saw before.
            if (staticChildLocks_ != 0 && !child->ReportedToBus()) continue;
            child->AddRef();
            children.push_back(child);
        }
    }
    for (Device *child : children) {
        if (!child->IsMissing()) child->reportedToBus_.store(true);
    }
    return children;
}

void Device::LockStaticChildren() {
    std::lock_guard lock(logMutex_);
    ++staticChildLocks_;
}

void Device::UnlockStaticChildren() {
    std::lock_guard lock(logMutex_);
    if (staticChildLocks_ == 0) return;
    // Changes made while locked are reported now.
    if (--staticChildLocks_ == 0) InvalidateBusRelations();
}

Device *Device::NextStaticChild(Device *previous, ULONG flags) const {
    std::lock_guard lock(logMutex_);
    if (staticChildLocks_ == 0) return nullptr;  // only between Lock and Unlock, as in KMDF
    auto it = staticChildren_.begin();
    if (previous != nullptr) {
        it = std::find(staticChildren_.begin(), staticChildren_.end(), previous);
        if (it == staticChildren_.end()) return nullptr;
        ++it;
    }
    for (; it != staticChildren_.end(); ++it) {
        if ((RetrieveFlagOf((*it)->IsMissing(), (*it)->ReportedToBus()) & flags) != 0) return *it;
    }
    return nullptr;
}

void Device::SetBusInformation(const PNP_BUS_INFORMATION &info) {
    std::lock_guard lock(logMutex_);
    busInfo_ = info;
}

std::optional<PNP_BUS_INFORMATION> Device::BusInformation() const {
    std::lock_guard lock(logMutex_);
    return busInfo_;
}

}  // namespace kwmi::wdf

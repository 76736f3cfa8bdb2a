// wmi_reginfo.cpp - IRP_MN_REGINFO / IRP_MN_REGINFO_EX answers (spec §5.10): one WMIREGINFOW,
// one WMIREGGUIDW per listed provider in list order, then the MOF resource name and the
// registry path as counted strings, back to back.
#include "wmi_handler.hpp"

namespace kwmi::wdf::wmi {

WmiRequestResult WmiHandler::BuildRegInfo(bool ex, ULONG bufferSize, void *buffer)
{
    // Strings are read outside the lock (paged data in KMDF).
    const std::u16string mof = site_->MofResourceName();
    const std::u16string registryPath = site_->RegistryPath();
    const ULONG_PTR pdo = site_->StackPdo();
    UCHAR *out = static_cast<UCHAR *>(buffer);

    WmiRequestResult result;
    result.handled = true;
    result.status = kStatusSuccess;
    result.setInformation = true;

    ULONG pdoReferences = 0;
    ULONG mofOffset = 0;
    ULONG registryOffset = 0;
    bool fits = false;
    {
        std::lock_guard<std::mutex> guard(lock_);
        const ULONG64 providerCount = providers_.size();
        const ULONG64 mofOffset64 = reginfo::kRegInfoSize + providerCount * reginfo::kRegGuidSize;
        const ULONG64 registryOffset64 = mofOffset64 + sizeof(USHORT) + mof.size() * sizeof(char16_t);
        const ULONG64 need64 = registryOffset64 + registryPath.size() * sizeof(char16_t) + sizeof(USHORT);
        if (need64 > 0xFFFFFFFFull) {
            result.status = kStatusIntegerOverflow;
            result.information = 0;
            return result;
        }
        const ULONG need = static_cast<ULONG>(need64);
        if (need > bufferSize || out == nullptr) {
            if (out == nullptr || bufferSize < sizeof(ULONG)) {
                result.status = kStatusBufferTooSmall;
                result.information = 0;
                return result;
            }
            WriteU32(out, 0, need);
            result.information = sizeof(ULONG);
            return result;
        }
        fits = true;
        mofOffset = static_cast<ULONG>(mofOffset64);
        registryOffset = static_cast<ULONG>(registryOffset64);
        std::memset(out, 0, reginfo::kRegInfoSize);
        WriteU32(out, reginfo::kBufferSize, need);
        WriteU32(out, reginfo::kNextWmiRegInfo, 0);
        WriteU32(out, reginfo::kRegistryPath, registryOffset);
        WriteU32(out, reginfo::kMofResourceName, mofOffset);
        WriteU32(out, reginfo::kGuidCount, static_cast<ULONG>(providerCount));
        ULONG entry = reginfo::kRegInfoSize;
        for (const auto &provider : providers_) {
            UCHAR *g = out + entry;
            std::memset(g, 0, reginfo::kRegGuidSize);
            std::memcpy(g + reginfo::kGuidGuid, &provider->Guid(), sizeof(GUID));
            ULONG flags;
            if (provider->IsTracing()) {
                flags = kWmiRegFlagTracedGuid | kWmiRegFlagTraceControlGuid;
            } else {
                flags = kWmiRegFlagInstancePdo;
                if (provider->IsExpensive()) {
                    flags |= kWmiRegFlagExpensive;
                }
                if (provider->IsEventOnly()) {
                    flags |= kWmiRegFlagEventOnlyGuid;
                }
            }
            if (provider->ReportRemovedLocked()) {
                flags |= kWmiRegFlagRemoveGuid;
                provider->SetReportRemovedLocked(false); // reported exactly once
            }
            WriteU32(g, reginfo::kGuidFlags, flags);
            WriteU32(g, reginfo::kGuidInstanceCount, provider->InstanceCountLocked());
            std::memcpy(g + reginfo::kGuidPdo, &pdo, sizeof pdo);
            if (ex && pdo != 0) {
                ++pdoReferences; // WMI releases one reference per GUID entry
            }
            entry += reginfo::kRegGuidSize;
        }
        result.information = need;
    }
    if (fits) {
        WriteU16(out, mofOffset, static_cast<USHORT>(mof.size() * sizeof(char16_t)));
        if (!mof.empty()) {
            std::memcpy(out + mofOffset + sizeof(USHORT), mof.data(), mof.size() * sizeof(char16_t));
        }
        WriteU16(out, registryOffset, static_cast<USHORT>(registryPath.size() * sizeof(char16_t)));
        if (!registryPath.empty()) {
            std::memcpy(out + registryOffset + sizeof(USHORT), registryPath.data(),
                        registryPath.size() * sizeof(char16_t));
        }
        for (ULONG i = 0; i < pdoReferences; ++i) {
            site_->ReferencePdo(pdo);
        }
    }
    return result;
}

} // namespace kwmi::wdf::wmi

// request_env.cpp - see request_env.hpp.
#include "request_env.hpp"

#include <wmium.h>

#include <kwmi/consumer.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "../common/fuzz_invariants.hpp"
#include "kmdf_test_driver.hpp"

#ifndef KWMI_FUZZ_ACMEWMI_PATH
#error "KWMI_FUZZ_ACMEWMI_PATH (the acmewmi driver .so) must be defined by the build"
#endif

namespace kwmi::fuzz {

RequestEnv& RequestEnv::Get() {
    // Never destroyed: libFuzzer exits without unwinding, and a kernel torn down at exit
    // would only add noise.
    static RequestEnv* env = new RequestEnv();
    return *env;
}

RequestEnv::RequestEnv() {
    kernel_ = std::make_unique<nt::Kernel>(nt::SchedulerKind::Manual);
    wmi::Service::Install(*kernel_, wmi::Settings{});
    host_ = std::make_unique<host::Host>(*kernel_);
    AbortOnBugCheck(*kernel_);  // after the host, which installs its own printing handler
    const char* restart = std::getenv("KWMI_FUZZ_RESTART_ACME");
    restartAcme_ = restart != nullptr && std::strcmp(restart, "1") == 0;

    auto acme = host_->LoadDriver(KWMI_FUZZ_ACMEWMI_PATH, "acmewmi");
    if (!acme || host_->Driver(*acme).failed) Finding("cannot load acmewmi: %s", host_->LastError().c_str());
    acmeDriver_ = *acme;
    StartAcme();

    const std::size_t testDriver = host_->AddLinkedDriver("kwmifuzz", &KmdfTestDriverEntry);
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    testDevice_ = host_->AddDevice(testDriver, &status);
    if (!NT_SUCCESS(status) || !NT_SUCCESS(host_->StartDevice(testDevice_))) Finding("test driver did not start");
    kernel_->RunUntilIdle();

    devices_ = {host_->DeviceObject(acmeDevice_), host_->DeviceObject(testDevice_)};
    pdos_ = {host_->Pdo(acmeDevice_), host_->Pdo(testDevice_)};
    CollectBlocks();
}

void RequestEnv::StartAcme() {
    NTSTATUS status = STATUS_UNSUCCESSFUL;
    acmeDevice_ = host_->AddDevice(acmeDriver_, &status);
    if (!NT_SUCCESS(status) || !NT_SUCCESS(host_->StartDevice(acmeDevice_))) Finding("acmewmi did not start");
    kernel_->RunUntilIdle();
}

void RequestEnv::CollectBlocks() {
    std::vector<GUID> guids = wmi::Service::Current()->Guids();
    for (const GUID& guid : KmdfTestGuids()) {
        if (std::none_of(guids.begin(), guids.end(), [&](const GUID& g) { return std::memcmp(&g, &guid, sizeof(GUID)) == 0; })) guids.push_back(guid);
    }
    for (const GUID& guid : guids) {
        KnownBlock block{guid, {}};
        WMIHANDLE handle = nullptr;
        GUID copy = guid;
        if (WmiOpenBlock(&copy, WMIGUID_QUERY, &handle) == ERROR_SUCCESS) {
            ULONG size = 0;
            if (WmiQueryAllDataW(handle, &size, nullptr) == ERROR_INSUFFICIENT_BUFFER) {
                std::vector<std::uint8_t> buffer(size);
                std::vector<InstanceView> views;
                if (WmiQueryAllDataW(handle, &size, buffer.data()) == ERROR_SUCCESS &&
                    ParseAllDataChain({buffer.data(), size}, views)) {
                    for (const InstanceView& view : views) block.names.push_back(view.name);
                }
            }
            WmiCloseBlock(handle);
        }
        blocks_.push_back(std::move(block));
    }
}

void RequestEnv::ResetDrivers() {
    KmdfTestResetData();
    if (restartAcme_) {
        if (!NT_SUCCESS(host_->RemoveDevice(acmeDevice_))) Finding("acmewmi did not stop");
        StartAcme();
        devices_[0] = host_->DeviceObject(acmeDevice_);
        pdos_[0] = host_->Pdo(acmeDevice_);
    }
}

}  // namespace kwmi::fuzz

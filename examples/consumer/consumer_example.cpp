// consumer_example.cpp - the example of docs/consumer-api.md: host the acmewmi sample driver
// in this process, then read, change and call its WMI blocks as a Windows consumer would,
// first with the wmium.h C API, then with kwmi::Consumer. Built and run by CTest
// (examples/CMakeLists.txt) so the documented code and output cannot drift apart.
//
// Usage: kwmi_example_consumer path/to/libacmewmi.so
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include <kwmi/consumer.hpp>
#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>

#include <AcmeWmiMof.h>  // generated from acmewmi.mof: GUIDs, data-block structs, method ids

namespace {

// Instance names are counted UTF-16 strings; the sample's names are ASCII.
std::string Narrow(const WCHAR* text, std::size_t chars) {
    std::string out;
    for (std::size_t i = 0; i < chars; ++i) out += static_cast<char>(text[i]);
    return out;
}

// Walks a WmiQueryAllDataW result: a chain of WNODE_ALL_DATA (one per provider), each with
// InstanceCount instances, their names through OffsetInstanceNameOffsets and their data
// either at a fixed stride or through the offset/length pairs.
void PrintScalars(const std::uint8_t* chain) {
    for (const std::uint8_t* at = chain;;) {
        const auto* node = reinterpret_cast<const WNODE_ALL_DATA*>(at);
        const auto* nameOffsets = reinterpret_cast<const ULONG*>(at + node->OffsetInstanceNameOffsets);
        for (ULONG i = 0; i < node->InstanceCount; ++i) {
            const std::uint8_t* name = at + nameOffsets[i];
            USHORT nameBytes;
            std::memcpy(&nameBytes, name, sizeof nameBytes);
            ULONG dataOffset = (node->WnodeHeader.Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE)
                                   ? node->DataBlockOffset + i * ((node->FixedInstanceSize + 7) & ~7u)
                                   : node->OffsetInstanceDataAndLength[i].OffsetInstanceData;
            ACME_SCALARS scalars;
            std::memcpy(&scalars, at + dataOffset, sizeof scalars);
            std::printf("  %-18s Enabled=%d U8=%u U32=%u\n",
                        Narrow(reinterpret_cast<const WCHAR*>(name + 2), nameBytes / 2).c_str(),
                        scalars.Enabled, scalars.U8, scalars.U32);
        }
        if (node->WnodeHeader.Linkage == 0) break;
        at += node->WnodeHeader.Linkage;
    }
}

int CApi() {
    GUID scalars = AcmeWmi_ScalarsGuid;
    WMIHANDLE handle = nullptr;
    ULONG error = WmiOpenBlock(&scalars, WMIGUID_QUERY | WMIGUID_SET, &handle);
    if (error != ERROR_SUCCESS) return std::printf("WmiOpenBlock: %lu\n", (unsigned long)error), 1;

    // Ask for the size first, then query into a buffer of that size.
    ULONG size = 0;
    error = WmiQueryAllDataW(handle, &size, nullptr);
    std::printf("WmiQueryAllDataW(size 0): error %lu, %lu bytes needed\n", (unsigned long)error,
                (unsigned long)size);
    std::vector<std::uint8_t> buffer(size);
    error = WmiQueryAllDataW(handle, &size, buffer.data());
    std::printf("WmiQueryAllDataW: error %lu\n", (unsigned long)error);
    if (error == ERROR_SUCCESS) PrintScalars(buffer.data());

    // One property of one instance: WmiSetSingleItemW with the item's WmiDataId.
    ULONG u32 = 7;
    const char16_t* instance = u"ROOT\\KWMI\\0000_1";
    error = WmiSetSingleItemW(handle, reinterpret_cast<LPCWSTR>(instance), ACME_SCALARS_U32_ID, 0,
                              sizeof u32, &u32);
    std::printf("WmiSetSingleItemW(U32 = 7): error %lu\n", (unsigned long)error);

    size = static_cast<ULONG>(buffer.size());
    error = WmiQuerySingleInstanceW(handle, reinterpret_cast<LPCWSTR>(instance), &size, buffer.data());
    if (error == ERROR_SUCCESS) {
        const auto* node = reinterpret_cast<const WNODE_SINGLE_INSTANCE*>(buffer.data());
        ACME_SCALARS data;
        std::memcpy(&data, buffer.data() + node->DataBlockOffset, sizeof data);
        std::printf("WmiQuerySingleInstanceW: U32 is now %u\n", data.U32);
    }
    WmiCloseBlock(handle);
    return error == ERROR_SUCCESS ? 0 : 1;
}

int CppApi(kwmi::nt::Kernel& kernel) {
    kwmi::Consumer consumer;  // acts as an administrator unless given another identity

    // A method: input and output are the generated _IN/_OUT structures.
    AcmeAddValues_IN in{40, 2};
    kwmi::Reply reply = consumer.ExecuteMethod(AcmeWmi_ControlGuid, u"ROOT\\KWMI\\0000_0",
                                               AcmeAddValues,
                                               {reinterpret_cast<const std::uint8_t*>(&in), sizeof in});
    AcmeAddValues_OUT out{};
    if (reply) std::memcpy(&out, reply.bytes.data(), sizeof out);
    std::printf("AcmeAddValues(40, 2): error %lu, Sum %lld\n", (unsigned long)reply.error,
                static_cast<long long>(out.Sum));

    // An event: subscribe, make the driver fire it, let the kernel deliver it.
    int events = 0;
    auto subscription = consumer.Subscribe(AcmeWmi_NotifyGuid, [&](std::span<const std::uint8_t> wnode) {
        const auto* item = reinterpret_cast<const WNODE_HEADER*>(wnode.data());
        std::printf("event: %lu bytes, flags 0x%08lx\n", (unsigned long)item->BufferSize,
                    (unsigned long)item->Flags);
        ++events;
    });
    AcmeFireNotify_IN fire{3};
    consumer.ExecuteMethod(AcmeWmi_ControlGuid, u"ROOT\\KWMI\\0000_0", AcmeFireNotify,
                           {reinterpret_cast<const std::uint8_t*>(&fire), sizeof fire});
    kernel.RunUntilIdle();  // manual scheduler: events are delivered by a system worker

    // Access control: a plain user is refused by the default descriptor.
    kwmi::Consumer user(kwmi::wmi::Identity::User());
    std::printf("as a user: QueryAllData error %lu\n",
                (unsigned long)user.QueryAllData(AcmeWmi_ScalarsGuid).error);
    return events == 1 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) return std::fprintf(stderr, "usage: %s DRIVER.so\n", argv[0]), 2;
    kwmi::nt::Kernel kernel;  // deterministic (manual) scheduler
    kwmi::host::Host host(kernel);
    auto driver = host.LoadDriver(argv[1]);
    if (!driver) return std::fprintf(stderr, "cannot load: %s\n", host.LastError().c_str()), 3;
    std::size_t device = host.AddDevice(*driver);  // PDO ROOT\KWMI\0000
    host.StartDevice(device);
    kernel.RunUntilIdle();  // WMI sends IRP_MN_REGINFO_EX from a worker: let it run

    int failures = CApi() + CppApi(kernel);
    kwmi::host::LeakReport leaks = host.UnloadDriver(*driver);
    std::printf("unload: %s\n", leaks.Empty() ? "no leaks" : leaks.Text().c_str());
    return failures == 0 && leaks.Empty() ? 0 : 1;
}

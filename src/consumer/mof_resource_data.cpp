// mof_resource_data.cpp - Consumer::MofResourceData: the bytes behind a (image, resource
// name) pair of WmiMofEnumerateResourcesW, read through the WMI service from the driver image.
#include <kwmi/consumer.hpp>

namespace kwmi {

Reply Consumer::MofResourceData(const wmi::MofResource& resource) {
    Reply reply;
    wmi::Service* service = wmi::Service::Current();
    if (!service) {
        reply.error = ERROR_WMI_SERVER_UNAVAILABLE;
        return reply;
    }
    const NTSTATUS status = service->MofResourceData(who_, resource, reply.bytes);
    reply.error = NT_SUCCESS(status) ? ERROR_SUCCESS : wmi::NtStatusToWin32(status);
    if (reply.error != ERROR_SUCCESS) reply.bytes.clear();
    return reply;
}

}  // namespace kwmi

// pending_requests.cpp - IRP -> PendingRequest table (node-based, so length arrays stay put).
#include "pending_requests.hpp"

#include <map>
#include <mutex>

namespace kwmi::wmilib {
namespace {

std::mutex gMutex;
std::map<PIRP, PendingRequest>& Table() {
    static std::map<PIRP, PendingRequest> table;
    return table;
}

}  // namespace

void RememberRequest(PIRP irp, PendingRequest request) {
    std::lock_guard guard(gMutex);
    Table()[irp] = std::move(request);
}

std::optional<PendingRequest> TakeRequest(PIRP irp) {
    std::lock_guard guard(gMutex);
    auto it = Table().find(irp);
    if (it == Table().end()) return std::nullopt;
    PendingRequest request = std::move(it->second);
    Table().erase(it);
    return request;
}

PULONG LengthArray(PIRP irp) {
    std::lock_guard guard(gMutex);
    auto it = Table().find(irp);
    if (it == Table().end() || it->second.lengths.empty()) return nullptr;
    return it->second.lengths.data();
}

}  // namespace kwmi::wmilib

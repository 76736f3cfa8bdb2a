// enable_control.cpp - edge-triggered ENABLE/DISABLE_EVENTS (subscribers) and
// ENABLE/DISABLE_COLLECTION (open handles of expensive blocks) per provider (spec §5.4): the
// wanted state is derived from the consumer counts, and an IRP is sent only where a provider's
// recorded state differs, so providers never see two ENABLEs without a DISABLE between them.
#include "service_impl.hpp"

namespace kwmi::wmi {

void Service::Impl::SyncControlState(const GUID& guid) {
    std::lock_guard control(controlMutex);
    struct Action {
        ProviderPtr provider;
        UCHAR minor;
        ULONG flags;
    };
    std::vector<Action> actions;
    {
        std::lock_guard guard(mutex);
        auto entry = guids.find(guid);
        if (entry == guids.end()) return;
        const GuidUse use = uses[guid];
        for (const auto& provider : entry->second.providers) {
            const BlockRecord& block = provider->blocks.at(guid);
            ULONG flags = block.IsTraced() ? WNODE_FLAG_TRACED_GUID : 0;
            bool wantEvents = use.subscribers > 0;
            bool& haveEvents = provider->eventsEnabled[guid];
            if (wantEvents != haveEvents) {
                haveEvents = wantEvents;
                actions.push_back({provider, static_cast<UCHAR>(wantEvents ? 0x04 : 0x05), flags});
            }
            bool wantCollection = block.IsExpensive() && use.openHandles > 0;
            bool& haveCollection = provider->collectionEnabled[guid];
            if (wantCollection != haveCollection) {
                haveCollection = wantCollection;
                actions.push_back(
                    {provider, static_cast<UCHAR>(wantCollection ? 0x06 : 0x07), flags});
            }
        }
    }
    for (auto& action : actions) {
        GUID target = guid;
        wire::Bytes buffer = BuildControlRequest(target, action.flags);
        auto sent = Send(action.provider, action.minor, &target, buffer);
        if (sent && !NT_SUCCESS(sent->status))
            Note("event/collection control minor " + std::to_string(action.minor) +
                 " failed with status " + std::to_string(static_cast<ULONG>(sent->status)));
    }
}

}  // namespace kwmi::wmi

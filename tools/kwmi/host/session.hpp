// One `kwmi host` session: a kernel, the loaded driver and its devices, a WMI consumer,
// the driver's schema (from the MOF resource in its image, or --mof) and the events received
// so far.
#pragma once

#include "host_options.hpp"

#include <kwmi/consumer.hpp>
#include <kwmi/host.hpp>
#include <kwmi/kernel.hpp>
#include <kwmi/mof/data.hpp>
#include <kwmi/mof/layout.hpp>
#include <kwmi/mof/model.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace kwmi::cli::host {

// Bad input from the user: printed as one "error: …" line, the command fails (exit code 1).
struct CommandError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A WMI class of the driver's schema that has a GUID (a data or event block).
struct BlockClass {
    const mof::ClassDecl* decl = nullptr;
    GUID guid{};
    std::string guidText;
    bool isEvent = false;
    const mof::ClassLayout* layout = nullptr;  // null when the class cannot be laid out
};

struct ReceivedEvent {
    std::string className;
    std::vector<std::uint8_t> wnode;
};

class Session {
public:
    Session(const HostOptions& options, std::ostream& out, std::ostream& err);
    ~Session();

    // Loads the schema and the driver and starts the devices; false (reason on err) if not.
    bool Start();
    // Removes the devices, unloads the driver and prints the leak report (once).
    bool Unload() { return Unload(out_); }
    bool Unload(std::ostream& report);

    // Looks a class up by name (case-insensitive) or GUID; CommandError naming the choices.
    const BlockClass& Resolve(std::string_view classOrGuid) const;
    const std::vector<BlockClass>& Classes() const { return classes_; }
    const mof::ClassLayout& LayoutOf(const BlockClass& c) const;
    std::vector<mof::MethodLayout> Methods(const BlockClass& c);

    // Runs pending DPCs, work items and deferred WMI deliveries.
    void Settle();
    // Prints events received since the last call.
    void PrintNewEvents();
    bool HasUnprintedEvents();
    // Called on the delivering thread each time an event is queued for printing (the
    // interactive shell wakes its prompt loop with it); must not call back into the session.
    void SetEventQueuedHook(std::function<void()> hook);

    // Subscriptions: `watch` prints events, `enable` only keeps the block enabled.
    void Watch(const BlockClass& c, bool print);
    bool Unwatch(const BlockClass& c);
    // `enable` of a data block: keeps a WmiOpenBlock handle open (an expensive block's
    // collection stays enabled); `disable` closes it.
    void OpenForCollection(const BlockClass& c);
    bool CloseForCollection(const BlockClass& c);

    // Bug checks raised by the driver during the session (also printed when they happen).
    std::vector<nt::BugCheckReport> BugChecks();

    nt::Kernel& Kernel() { return *kernel_; }
    kwmi::host::Host& Host() { return *host_; }
    kwmi::Consumer& Consumer() { return consumer_; }
    std::size_t DriverIndex() const { return driver_; }
    const std::vector<std::size_t>& Devices() const { return devices_; }
    std::vector<std::size_t>& Devices() { return devices_; }
    bool Unloaded() const { return unloaded_; }
    bool Leaked() const { return leaked_; }
    const HostOptions& Options() const { return options_; }
    std::ostream& Out() { return out_; }
    std::ostream& Err() { return err_; }
    std::string SchemaSource() const { return schemaSource_; }

    // Decodes one WNODE_ALL_DATA chain or WNODE_SINGLE_INSTANCE into named instances.
    std::vector<mof::DecodedInstance> DecodeAll(const BlockClass& c, const std::vector<std::uint8_t>& chain);
    std::vector<mof::DecodedInstance> DecodeSingle(const BlockClass& c, const std::vector<std::uint8_t>& wnode);

private:
    bool SettleOnce();  // one round of Settle: true when PnP added or removed children
    // --mof FILE (.mof or .bmf) / the MOFDATA resources the driver's providers registered,
    // read from its image through the consumer API; then the class index over schema_.
    bool LoadSchemaFile(const std::string& path);
    bool LoadSchemaFromImage();
    void IndexClasses();
    std::string EventInstanceName(const std::vector<std::uint8_t>& wnode, const std::string& decoded);
    std::string FindSchemaBesideDriver() const;

    HostOptions options_;
    std::ostream& out_;
    std::ostream& err_;
    std::unique_ptr<nt::Kernel> kernel_;
    std::unique_ptr<kwmi::host::Host> host_;
    kwmi::Consumer consumer_;
    mof::Schema schema_;
    std::unique_ptr<mof::LayoutEngine> layouts_;
    std::vector<BlockClass> classes_;
    std::string schemaSource_;
    std::size_t driver_ = 0;
    std::vector<std::size_t> devices_;
    bool unloaded_ = true;
    bool leaked_ = false;

    struct Watched {
        std::shared_ptr<std::atomic<bool>> print;  // read by the callback on kernel threads
        std::optional<kwmi::Consumer::Subscription> subscription;
    };
    std::map<std::string, WMIHANDLE> collecting_;  // key: lower-case class name
    std::mutex bugChecksLock_;
    std::vector<nt::BugCheckReport> bugChecks_;
    std::map<std::string, Watched> watched_;  // key: lower-case class name
    std::mutex eventsLock_;                    // events arrive on kernel threads when threaded
    std::vector<ReceivedEvent> events_;
    std::size_t eventsPrinted_ = 0;
    std::function<void()> eventQueued_;
};

}  // namespace kwmi::cli::host

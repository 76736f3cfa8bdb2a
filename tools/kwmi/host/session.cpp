#include "session.hpp"

#include "text_util.hpp"

#include <kwmi/mof/bmf.hpp>
#include <kwmi/mof/parser.hpp>
#include <kwmi/wmi_service.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace kwmi::cli::host {

namespace fs = std::filesystem;

Session::Session(const HostOptions& options, std::ostream& out, std::ostream& err)
    : options_(options), out_(out), err_(err) {}

Session::~Session() {
    for (auto& [name, handle] : collecting_) WmiCloseBlock(handle);
    collecting_.clear();
    watched_.clear();  // unsubscribe before the kernel goes away
    if (!unloaded_) Unload(err_);  // stdout is the commands' output (e.g. one JSON document)
    host_.reset();
    kernel_.reset();
}

std::string Session::FindSchemaBesideDriver() const {
    fs::path driver(options_.driverPath);
    std::string stem = driver.stem().string();
    if (stem.rfind("lib", 0) == 0) stem = stem.substr(3);
    const fs::path dir = driver.parent_path();
    // Only for drivers whose image holds no registered MOF resource (kwmi_add_driver links the
    // BMF into the module; nothing beside it is needed).
    for (const fs::path& candidate : {dir / (stem + ".bmf"), fs::path(options_.driverPath + ".bmf"), dir / (stem + ".mof")}) {
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
    }
    return {};
}

namespace {

std::string ResourceErrorName(ULONG error) {
    switch (error) {
    case 2: return ", ERROR_FILE_NOT_FOUND";
    case ERROR_ACCESS_DENIED: return ", ERROR_ACCESS_DENIED";
    case 1812: return ", ERROR_RESOURCE_DATA_NOT_FOUND";
    case 1813: return ", ERROR_RESOURCE_TYPE_NOT_FOUND";
    case 1814: return ", ERROR_RESOURCE_NAME_NOT_FOUND";
    default: return "";
    }
}

}  // namespace

bool Session::LoadSchemaFromImage() {
    // What a consumer on Windows gets from the repository: the MOFDATA resources the driver's
    // providers registered, read from the driver image.
    std::vector<wmi::MofResource> resources;
    const ULONG listed = consumer_.MofResources(resources);
    std::string problems;
    std::vector<std::string> sources;
    for (const wmi::MofResource& resource : resources) {
        const std::string label = "MOF resource \"" + ToUtf8(resource.resourceName) + "\" of " + ToUtf8(resource.imagePath);
        Reply data = consumer_.MofResourceData(resource);
        if (!data) {
            problems += "  " + label + ": cannot be read from the driver image (Win32 error " + std::to_string(data.error) +
                        ResourceErrorName(data.error) + ")\n";
            continue;
        }
        mof::Diagnostics diags;
        auto schema = mof::readBmf(data.bytes.data(), data.bytes.size(), diags);
        if (!schema) {
            problems += "  " + label + ": not a valid binary MOF:\n" + diags.str();
            continue;
        }
        for (mof::ClassDecl& decl : schema->classes) schema_.classes.push_back(std::move(decl));
        for (mof::InstanceDecl& instance : schema->instances) schema_.instances.push_back(std::move(instance));
        sources.push_back("MOF resource \"" + ToUtf8(resource.resourceName) + "\" in " +
                          (host_->Driver(driver_).imagePath.empty() ? options_.driverPath : host_->Driver(driver_).imagePath));
    }
    schema_.invalidateIndex();
    if (!sources.empty()) {
        if (!problems.empty()) err_ << "warning: some MOF resources could not be read:\n" << problems;
        schemaSource_.clear();
        for (const std::string& source : sources) AppendListItem(schemaSource_, source, ", ");
        return true;
    }
    // No resource registered (the driver registers no WMI blocks at start, or assigns no MOF
    // resource name): a schema file beside the driver, if any.
    const std::string beside = FindSchemaBesideDriver();
    if (!beside.empty() && problems.empty()) return LoadSchemaFile(beside);
    err_ << "error: no MOF resource found for " << options_.driverPath << "; pass --mof FILE";
    if (listed != ERROR_SUCCESS) err_ << " (WmiMofEnumerateResourcesW failed with " << listed << ")";
    if (problems.empty())
        err_ << " (its providers registered no MOF resource, and no <name>.bmf or <name>.mof is beside it)\n";
    else
        err_ << ":\n" << problems;
    return false;
}

bool Session::LoadSchemaFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        err_ << "error: cannot read MOF file " << path << "\n";
        return false;
    }
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    mof::Diagnostics diags;
    const bool binary = bytes.size() >= 4 && bytes.compare(0, 4, "FOMB") == 0;
    if (binary) {
        auto schema = mof::readBmf(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), diags);
        if (!schema) {
            err_ << "error: " << path << " is not a valid binary MOF:\n" << diags.str();
            return false;
        }
        schema_ = std::move(*schema);
    } else {
        auto parsed = mof::parseMof(bytes, path);
        if (!parsed.ok()) {
            err_ << "error: " << path << " does not compile:\n" << parsed.diagnostics.str();
            return false;
        }
        schema_ = std::move(parsed.schema);
    }
    schemaSource_ = path;
    return true;
}

void Session::IndexClasses() {
    classes_.clear();
    layouts_ = std::make_unique<mof::LayoutEngine>(schema_);
    for (const mof::ClassDecl& decl : schema_.classes) {
        auto guidText = decl.qualifiers.text("guid");
        if (!guidText) continue;
        auto guid = mof::parseGuid(*guidText);
        if (!guid) continue;
        BlockClass block;
        block.decl = &decl;
        block.guid.Data1 = guid->data1;
        block.guid.Data2 = guid->data2;
        block.guid.Data3 = guid->data3;
        for (int i = 0; i < 8; ++i) block.guid.Data4[i] = guid->data4[i];
        block.guidText = mof::formatGuid(*guid);
        block.isEvent = schema_.derivesFrom(decl, "WMIEvent");
        block.layout = layouts_->classLayout(decl.name);
        classes_.push_back(block);
    }
}

bool Session::Start() {
    // --mof overrides the image's MOF resource and is checked before the driver loads.
    if (!options_.mofPath.empty()) {
        if (!LoadSchemaFile(options_.mofPath)) return false;
        IndexClasses();
    }
    kernel_ = std::make_unique<nt::Kernel>(options_.manualClock ? nt::SchedulerKind::Manual
                                                                  : nt::SchedulerKind::Threaded);
    host_ = std::make_unique<kwmi::host::Host>(*kernel_);
    // Record bug checks for `verifier`, then let the host's handler print them.
    auto hostHandler = std::make_shared<nt::BugCheckHandler>();
    *hostHandler = kernel_->SetBugCheckHandler([this, hostHandler](const nt::BugCheckReport& report) {
        {
            std::lock_guard lock(bugChecksLock_);
            bugChecks_.push_back(report);
        }
        if (*hostHandler) (*hostHandler)(report);
    });
    auto loaded = host_->LoadDriver(options_.driverPath);
    if (!loaded) {
        err_ << "error: cannot load driver " << options_.driverPath << ": " << host_->LastError() << "\n";
        return false;
    }
    driver_ = *loaded;
    unloaded_ = false;
    const auto& info = host_->Driver(driver_);
    if (info.failed || info.entryStatus < 0) {
        err_ << "error: DriverEntry of " << options_.driverPath << " failed with status 0x" << std::hex
             << static_cast<std::uint32_t>(info.entryStatus) << std::dec << "\n"
             << info.failure;
        return false;
    }
    for (unsigned i = 0; i < options_.devices; ++i) {
        std::int32_t status = 0;
        std::size_t device = host_->AddDevice(driver_, &status);
        devices_.push_back(device);
        if (status < 0) {
            err_ << "error: AddDevice of device " << i << " failed with status 0x" << std::hex
                 << static_cast<std::uint32_t>(status) << std::dec << "\n";
            continue;
        }
        const std::int32_t started = host_->StartDevice(device);
        if (started < 0)
            err_ << "error: start of device " << i << " failed with status 0x" << std::hex
                 << static_cast<std::uint32_t>(started) << std::dec << "\n";
    }
    Settle();
    if (options_.mofPath.empty()) {
        if (!LoadSchemaFromImage()) return false;
        IndexClasses();
    }
    return true;
}

bool Session::Unload(std::ostream& reportOut) {
    if (unloaded_) return true;
    for (auto& [name, handle] : collecting_) WmiCloseBlock(handle);
    collecting_.clear();
    watched_.clear();
    kwmi::host::LeakReport report = host_->UnloadDriver(driver_);
    unloaded_ = true;
    devices_.clear();
    Settle();
    if (report.Empty()) {
        reportOut << "leak report: clean (no WDF objects or pool allocations left behind)\n";
        return true;
    }
    leaked_ = true;
    reportOut << "leak report: the driver left these behind\n" << report.Text();
    return false;
}

const BlockClass& Session::Resolve(std::string_view classOrGuid) const {
    std::string wanted = Lower(Unquote(classOrGuid));
    if (!wanted.empty() && wanted.front() == '{' && wanted.back() == '}') wanted = wanted.substr(1, wanted.size() - 2);
    for (const BlockClass& c : classes_)
        if (Lower(c.decl->name) == wanted || c.guidText == wanted) return c;
    std::string choices;
    for (const BlockClass& c : classes_) AppendListItem(choices, c.decl->name, ", ");
    throw CommandError("unknown class '" + std::string(classOrGuid) + "'; valid classes: " + choices);
}

const mof::ClassLayout& Session::LayoutOf(const BlockClass& c) const {
    if (!c.layout) throw CommandError("class " + c.decl->name + " cannot be laid out from its MOF");
    return *c.layout;
}

std::vector<mof::MethodLayout> Session::Methods(const BlockClass& c) {
    mof::Diagnostics diags;
    return layouts_->methodLayouts(*c.decl, diags);
}

void Session::Settle() {
    if (!kernel_) return;
    // Bounded: a driver whose children's start changes its children again must not hang us.
    for (int pass = 0; pass < 16 && SettleOnce(); ++pass) {
    }
    kernel_->WaitIdle();  // what the last round started or removed has settled too
    if (auto* service = wmi::Service::Current()) service->FlushDeferredWork();
    kernel_->WaitIdle();
}

bool Session::SettleOnce() {
    kernel_->WaitIdle();
    if (auto* service = wmi::Service::Current()) service->FlushDeferredWork();
    kernel_->WaitIdle();
    if (!host_ || unloaded_) return false;
    // A bus driver changed its children (child list, static children): PnP enumerates the bus
    // and starts the new children, which become devices of this session.
    std::vector<kwmi::host::DeviceState> before;
    for (std::size_t device : devices_) before.push_back(host_->State(device));
    const std::vector<std::size_t> enumerated = host_->ProcessInvalidatedBusRelations();
    bool changed = !enumerated.empty();
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (before[i] != kwmi::host::DeviceState::Removed && host_->State(devices_[i]) == kwmi::host::DeviceState::Removed) {
            out_ << "device " << i << ": removed (reported missing by its bus)\n";
            changed = true;
        }
    }
    if (enumerated.empty()) return changed;
    for (std::size_t child : enumerated) {
        devices_.push_back(child);
        const auto parent = host_->ParentOf(child);
        const auto bus = parent ? std::find(devices_.begin(), devices_.end(), *parent) : devices_.end();
        const bool running = host_->State(child) == kwmi::host::DeviceState::Started;
        out_ << "device " << devices_.size() - 1 << ": " << (running ? "started" : "failed to start");
        if (bus != devices_.end()) out_ << " (child of device " << bus - devices_.begin() << ")";
        out_ << "\n";
    }
    return true;  // the children's start may have queued work and WMI registrations: settle again
}

void Session::SetEventQueuedHook(std::function<void()> hook) {
    std::lock_guard lock(eventsLock_);  // the hook runs on kernel threads, under this lock
    eventQueued_ = std::move(hook);
}

bool Session::HasUnprintedEvents() {
    std::lock_guard lock(eventsLock_);
    return eventsPrinted_ < events_.size();
}

void Session::PrintNewEvents() {
    std::vector<ReceivedEvent> fresh;
    {
        std::lock_guard lock(eventsLock_);
        fresh.assign(events_.begin() + static_cast<std::ptrdiff_t>(eventsPrinted_), events_.end());
        eventsPrinted_ = events_.size();
    }
    for (const ReceivedEvent& event : fresh) {
        const BlockClass& c = Resolve(event.className);
        out_ << "event " << c.decl->name << ":\n";
        for (auto& instance : DecodeSingle(c, event.wnode)) {
            instance.instanceName = EventInstanceName(event.wnode, instance.instanceName);
            out_ << "  instance " << instance.instanceName << "\n";
            std::istringstream table(mof::renderTable(instance.value));
            for (std::string line; std::getline(table, line);) out_ << "    " << line << "\n";
        }
    }
}

// KMDF registers its blocks with PDO-based static names, and fires events with an instance
// index: a Windows consumer sees "<PDO instance path>_<index>". The provider id in the
// WNODE header tells which device fired.
std::string Session::EventInstanceName(const std::vector<std::uint8_t>& wnode, const std::string& decoded) {
    auto* service = wmi::Service::Current();
    if (decoded.empty() || decoded.front() != '#' || !service || !host_ || unloaded_ || wnode.size() < sizeof(WNODE_HEADER))
        return decoded;
    WNODE_HEADER header;
    std::memcpy(&header, wnode.data(), sizeof header);
    for (std::size_t device : devices_) {
        _DEVICE_OBJECT* object = host_->DeviceObject(device);
        if (!object || service->ProviderIdOf(object) != header.ProviderId) continue;
        const std::u16string path = service->DeviceInstancePath(host_->Pdo(device));
        if (!path.empty()) return ToUtf8(path) + "_" + decoded.substr(1);
    }
    return decoded;
}

void Session::Watch(const BlockClass& c, bool print) {
    const std::string key = Lower(c.decl->name);
    if (auto it = watched_.find(key); it != watched_.end()) {
        if (print) *it->second.print = true;
        return;
    }
    const std::string name = c.decl->name;
    auto printFlag = std::make_shared<std::atomic<bool>>(print);
    auto subscription = consumer_.Subscribe(c.guid, [this, name, printFlag](std::span<const std::uint8_t> wnode) {
        if (!*printFlag) return;
        std::lock_guard lock(eventsLock_);
        events_.push_back({name, {wnode.begin(), wnode.end()}});
        if (eventQueued_) eventQueued_();
    });
    if (const ULONG error = subscription.Error(); error != ERROR_SUCCESS)
        throw CommandError("cannot subscribe to " + name + ": Win32 error " + std::to_string(error));
    Watched& w = watched_[key];
    w.print = printFlag;
    w.subscription.emplace(std::move(subscription));
    Settle();
}

bool Session::Unwatch(const BlockClass& c) {
    const bool erased = watched_.erase(Lower(c.decl->name)) != 0;
    Settle();
    return erased;
}

void Session::OpenForCollection(const BlockClass& c) {
    const std::string key = Lower(c.decl->name);
    if (collecting_.count(key)) return;
    WMIHANDLE handle = nullptr;
    GUID guid = c.guid;
    const ULONG error = WmiOpenBlock(&guid, WMIGUID_QUERY, &handle);
    if (error != ERROR_SUCCESS) throw CommandError("cannot open " + c.decl->name + ": Win32 error " + std::to_string(error));
    collecting_[key] = handle;
    Settle();
}

bool Session::CloseForCollection(const BlockClass& c) {
    auto it = collecting_.find(Lower(c.decl->name));
    if (it == collecting_.end()) return false;
    WmiCloseBlock(it->second);
    collecting_.erase(it);
    Settle();
    return true;
}

std::vector<nt::BugCheckReport> Session::BugChecks() {
    std::lock_guard lock(bugChecksLock_);
    return bugChecks_;
}

std::vector<mof::DecodedInstance> Session::DecodeAll(const BlockClass& c, const std::vector<std::uint8_t>& chain) {
    std::vector<InstanceView> views;
    if (!ParseAllDataChain(chain, views)) throw CommandError("the reply for " + c.decl->name + " is not a valid WNODE_ALL_DATA chain");
    std::vector<mof::DecodedInstance> out;
    for (const InstanceView& view : views) {
        mof::Diagnostics diags;
        std::uint32_t consumed = 0;
        auto value = mof::decodeBlock(LayoutOf(c), view.data.data(), view.data.size(), diags, &consumed);
        if (!value) throw CommandError("cannot decode " + c.decl->name + " instance " + ToUtf8(view.name) + ": " + diags.str());
        value->name = c.decl->name;
        out.push_back({ToUtf8(view.name), std::move(*value), consumed});
    }
    return out;
}

std::vector<mof::DecodedInstance> Session::DecodeSingle(const BlockClass& c, const std::vector<std::uint8_t>& wnode) {
    mof::Diagnostics diags;
    auto decoded = mof::decodeWnode(LayoutOf(c), wnode.data(), wnode.size(), diags);
    if (!decoded) throw CommandError("cannot decode the " + c.decl->name + " WNODE: " + diags.str());
    for (auto& instance : *decoded) instance.value.name = c.decl->name;
    return *decoded;
}

}  // namespace kwmi::cli::host

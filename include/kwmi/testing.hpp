// kwmi/testing.hpp - helpers for tests of the simulated kernel and the layers above it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include <kwmi/bugcheck.hpp>
#include <kwmi/kernel.hpp>

namespace kwmi::testing {

// Installs a capturing bug-check handler for its lifetime (on the given kernel, else on the
// current kernel, else process-wide) and restores the previous handler afterwards. A captured
// bug check still throws kwmi::nt::BugCheckException to the nearest boundary; kernel
// boundaries (work items, DPCs, timers) swallow it, direct calls need CaptureBugCheck().
// Thread-safe: bug checks raised on worker threads are captured too.
class BugCheckCapture {
public:
    BugCheckCapture();
    explicit BugCheckCapture(nt::Kernel& kernel);
    ~BugCheckCapture();
    BugCheckCapture(const BugCheckCapture&) = delete;
    BugCheckCapture& operator=(const BugCheckCapture&) = delete;

    bool Fired() const;
    std::size_t Count() const;
    // Code of the last report, 0 when none.
    std::uint32_t LastCode() const;
    // Copy of the last report (empty report when none).
    nt::BugCheckReport Last() const;
    std::vector<nt::BugCheckReport> Reports() const;
    void Clear();

private:
    explicit BugCheckCapture(nt::Kernel* kernel);
    void Record(const nt::BugCheckReport& report);

    nt::Kernel* kernel_;
    nt::BugCheckHandler previous_;
    mutable std::mutex mutex_;
    std::vector<nt::BugCheckReport> reports_;
};

// Runs f(); returns the report if it raised a bug check (the BugCheckException is caught),
// std::nullopt if it returned normally. Use inside a BugCheckCapture scope so the default
// handler does not abort the process.
template <class F>
std::optional<nt::BugCheckReport> CaptureBugCheck(F&& f) {
    try {
        std::forward<F>(f)();
    } catch (const nt::BugCheckException& e) {
        return e.Report();
    }
    return std::nullopt;
}

}  // namespace kwmi::testing

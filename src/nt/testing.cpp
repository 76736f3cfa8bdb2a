// kwmi::testing::BugCheckCapture - a capturing bug-check handler for tests.
#include <kwmi/testing.hpp>

namespace kwmi::testing {

BugCheckCapture::BugCheckCapture() : BugCheckCapture(nt::Kernel::Current()) {}

BugCheckCapture::BugCheckCapture(nt::Kernel& kernel) : BugCheckCapture(&kernel) {}

BugCheckCapture::BugCheckCapture(nt::Kernel* kernel) : kernel_(kernel) {
    auto handler = [this](const nt::BugCheckReport& report) { Record(report); };
    previous_ = kernel_ != nullptr ? kernel_->SetBugCheckHandler(handler) : nt::SetProcessBugCheckHandler(handler);
}

BugCheckCapture::~BugCheckCapture() {
    if (kernel_ != nullptr) {
        kernel_->SetBugCheckHandler(std::move(previous_));
    } else {
        nt::SetProcessBugCheckHandler(std::move(previous_));
    }
}

void BugCheckCapture::Record(const nt::BugCheckReport& report) {
    std::lock_guard lock(mutex_);
    reports_.push_back(report);
}

bool BugCheckCapture::Fired() const { return Count() != 0; }

std::size_t BugCheckCapture::Count() const {
    std::lock_guard lock(mutex_);
    return reports_.size();
}

std::uint32_t BugCheckCapture::LastCode() const {
    std::lock_guard lock(mutex_);
    return reports_.empty() ? 0 : reports_.back().code;
}

nt::BugCheckReport BugCheckCapture::Last() const {
    std::lock_guard lock(mutex_);
    return reports_.empty() ? nt::BugCheckReport{} : reports_.back();
}

std::vector<nt::BugCheckReport> BugCheckCapture::Reports() const {
    std::lock_guard lock(mutex_);
    return reports_;
}

void BugCheckCapture::Clear() {
    std::lock_guard lock(mutex_);
    reports_.clear();
}

}  // namespace kwmi::testing

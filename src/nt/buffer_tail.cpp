// Per-thread record of IRP buffers with writable slack behind their end (see kernel.hpp,
// BufferTailScope).
#include <kwmi/kernel.hpp>

namespace kwmi::nt {

constinit thread_local detail::BufferTails detail::tBufferTails{};

BufferTailScope::BufferTailScope(const void* end, std::size_t slack) noexcept
    : recorded_(detail::tBufferTails.depth < detail::BufferTails::kMaxTails) {
    if (recorded_) detail::tBufferTails.tails[detail::tBufferTails.depth++] = detail::BufferTail{end, slack};
}

BufferTailScope::~BufferTailScope() {
    if (recorded_) --detail::tBufferTails.depth;
}

}  // namespace kwmi::nt

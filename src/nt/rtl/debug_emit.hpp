// debug_emit.hpp - internal: deliver already formatted debug text to the sink.
#pragma once

#include <cstdint>
#include <string>

namespace kwmi::debug {

void Emit(std::uint32_t component, std::uint32_t level, std::string text);

}  // namespace kwmi::debug

// Text form of a driver's unload leak report.
#include <kwmi/host.hpp>

#include <sstream>

namespace kwmi::host {

std::string LeakReport::Text() const {
    if (Empty()) return {};
    std::ostringstream out;
    if (!objects.empty()) {
        out << objects.size() << " WDF object(s) never deleted:\n";
        for (const std::string &object : objects) out << "  " << object << "\n";
    }
    if (!pool.empty()) {
        out << pool.size() << " pool allocation(s) never freed:\n";
        if (!poolText.empty()) {
            out << poolText;
            if (poolText.back() != '\n') out << "\n";
        } else {
            for (const nt::PoolAllocationInfo &allocation : pool) {
                out << "  tag '" << allocation.tagText << "' " << allocation.size << " bytes at "
                    << allocation.siteSymbol << "\n";
            }
        }
    }
    return out.str();
}

}  // namespace kwmi::host

#include "file_io.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace kwmi::cli {

std::optional<std::string> readWholeFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool writeWholeFile(const std::string& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (out) out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) {
        std::cerr << path << ": error: cannot write file\n";
        return false;
    }
    return true;
}

}  // namespace kwmi::cli

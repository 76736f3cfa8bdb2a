// mof_bench.cpp - the MOF toolchain on a typical 5-class driver schema (bench/data) and on a
// generated 1 MiB MOF: parse, lay out every class, generate the C header (wmimofck -h -m -u).
#include <kwmi/mof/diagnostics.hpp>
#include <kwmi/mof/header.hpp>
#include <kwmi/mof/layout.hpp>
#include <kwmi/mof/parser.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>

namespace kwmi::bench {
namespace {

std::string ReadFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// Classes like a driver's, with unique names and GUIDs, until `bytes` is reached.
std::string GenerateMof(std::size_t bytes)
{
    std::string text = "#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")\n";
    char block[2048];
    for (unsigned i = 0; text.size() < bytes; ++i) {
        std::snprintf(block, sizeof block,
                      "[WMI, Dynamic, Provider(\"WMIProv\"), guid(\"{%08x-1c2d-4e5f-8a9b-0c1d2e3f4a5b}\"),\n"
                      " HeaderName(\"GEN_BLOCK_%u\"), Description(\"Generated block %u\")]\n"
                      "class Gen_Block%u\n{\n"
                      "    [key, read] string InstanceName;\n    [read] boolean Active;\n\n"
                      "    [WmiDataId(1), read] uint32 Revision;\n"
                      "    [WmiDataId(2), read, write] uint64 Counter;\n"
                      "    [WmiDataId(3), read] uint16 Samples[6];\n"
                      "    [WmiDataId(4), read] sint8 Offset;\n"
                      "    [WmiDataId(5), read] uint32 Count;\n"
                      "    [WmiDataId(6), read, WmiSizeIs(\"Count\")] uint32 Values[];\n"
                      "    [WmiDataId(7), read, write] string Label;\n"
                      "    [WmiDataId(8), read, Values{\"Off\", \"On\"}, ValueMap{\"0\", \"1\"}] uint32 Mode;\n"
                      "    [WmiDataId(9), read] datetime Stamp;\n"
                      "    [WmiMethodId(1), Implemented] void Reset([in] uint32 How, [out] uint32 Result);\n"
                      "};\n\n",
                      i, i, i, i);
        text += block;
    }
    return text;
}

// Parse + layout of every class + header; returns false when the MOF does not compile.
bool Compile(const std::string &text, std::size_t *headerBytes)
{
    mof::ParseResult parsed = mof::parseMof(text, "bench.mof");
    if (!parsed.ok()) return false;
    mof::LayoutEngine layouts(parsed.schema);
    mof::Diagnostics diags;
    for (const auto &c : parsed.schema.classes) {
        benchmark::DoNotOptimize(layouts.classLayout(c.name, diags));
    }
    mof::HeaderOptions options;
    options.methodStructs = true;
    options.unconditional = true;
    const std::string header = mof::generateHeader(parsed.schema, options, diags);
    *headerBytes = header.size();
    return !diags.hasErrors();
}

void CompileMof(benchmark::State &state, const std::string &text)
{
    std::size_t headerBytes = 0;
    if (text.empty() || !Compile(text, &headerBytes)) return state.SkipWithError("the MOF does not compile");
    for (auto _ : state) {
        benchmark::DoNotOptimize(Compile(text, &headerBytes));
    }
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
    state.counters["mof_bytes"] = static_cast<double>(text.size());
    state.counters["header_bytes"] = static_cast<double>(headerBytes);
}

} // namespace

void RegisterMofBenchmarks()
{
    static const std::string typical = ReadFile(KWMI_BENCH_DATA_DIR "/typical5.mof");
    static const std::string generated = GenerateMof(1u << 20);
    benchmark::RegisterBenchmark("Mof/typical5", CompileMof, typical)
        ->Repetitions(5)->MinTime(0.1)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark("Mof/generated1MiB", CompileMof, generated)
        ->Repetitions(5)->Iterations(2)->Unit(benchmark::kMillisecond);
}

} // namespace kwmi::bench

// bench_main.cpp - runs the suite, then prints the issue #9 summary and writes the plot data.
// Usage: kwmi_bench [--out DIR] [Google Benchmark flags]  (DIR default: current directory)
#include "bench_world.hpp"
#include "summary.hpp"

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace kwmi::bench {
void RegisterQueryBenchmarks();
void RegisterRegistrationBenchmarks();
void RegisterDispatchDeregisterBenchmarks();
void RegisterEventBenchmarks();
void RegisterMofBenchmarks();
void RegisterColdHostBenchmarks();
void RegisterMemoryBenchmarks();
} // namespace kwmi::bench

int main(int argc, char **argv)
{
    using namespace kwmi::bench;
    std::string outDir; // plot data only when asked for (scripts/bench.sh passes --out)
    std::vector<char *> args;
    for (int i = 0; i < argc; ++i) {
        if (std::strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            outDir = argv[++i];
            continue;
        }
        args.push_back(argv[i]);
    }
    int count = static_cast<int>(args.size());
    // Order matters: consecutive benchmarks with the same instance count share one world.
    RegisterQueryBenchmarks();
    RegisterRegistrationBenchmarks();
    RegisterDispatchDeregisterBenchmarks();
    RegisterEventBenchmarks();
    RegisterMofBenchmarks();
    RegisterColdHostBenchmarks();
    RegisterMemoryBenchmarks();
    benchmark::Initialize(&count, args.data());
    if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
    CapturingReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    World::Release();
    PrintSummary(std::cout, Results::Get());
    if (!outDir.empty() && !WritePlotData(outDir, Results::Get())) {
        std::cerr << "cannot write " << outDir << "/query_all_data.dat\n";
    }
    benchmark::Shutdown();
    return 0;
}

// summary.hpp - collects the median of every benchmark of one run and prints the issue #9
// figures as `figure | measured | target | holds?`, each ratio computed from medians measured
// in the same run. Also writes the data of the time-per-instance plot.
#pragma once

#include <map>
#include <ostream>
#include <string>

#include <benchmark/benchmark.h>

namespace kwmi::bench {

struct Measured {
    double realNs = 0;  // median real (or manual) time per iteration, nanoseconds
    double cpuNs = 0;   // median CPU time of the benchmark thread per iteration
    std::map<std::string, double> counters;
};

class Results {
public:
    static Results &Get();
    void Add(const std::string &name, Measured measured) { byName_[name] = std::move(measured); }
    const Measured *Find(const std::string &name) const;
    const std::map<std::string, Measured> &All() const { return byName_; }

private:
    std::map<std::string, Measured> byName_;
};

// Console output as usual, plus the median aggregate of each benchmark into Results.
class CapturingReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override;
};

// Instance counts of the QUERY_ALL_DATA sweep (the plot's x axis).
const std::vector<unsigned> &QueryAllDataSweep();

void PrintSummary(std::ostream &out, const Results &results);
// `dir`/query_all_data.dat: N, ns per instance (request path), ns per instance (baseline).
bool WritePlotData(const std::string &dir, const Results &results);

}  // namespace kwmi::bench

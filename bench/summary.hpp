// summary.hpp - collects the median of every benchmark of one run and prints the issue #9
// figures as `figure | measured | target | holds? | repetitions`, each ratio computed from
// medians measured in the same run; for the ratios of two CPU times the last column gives the
// widest range the repetitions allow. Also writes the data of the time-per-instance plot.
#pragma once

#include <map>
#include <ostream>
#include <string>

#include <benchmark/benchmark.h>

namespace kwmi::bench {

struct Measured {
    double realNs = 0;  // median real (or manual) time per iteration, nanoseconds
    double cpuNs = 0;   // median CPU time of the benchmark thread per iteration
    double cpuMinNs = 0;  // the fastest and slowest repetition (= cpuNs when run once)
    double cpuMaxNs = 0;
    std::map<std::string, double> counters;
};

class Results {
public:
    static Results &Get();
    // One repetition's CPU time; the median added later for `name` carries their range.
    void AddRepetition(const std::string &name, double cpuNs);
    void Add(const std::string &name, Measured measured);
    const Measured *Find(const std::string &name) const;
    const std::map<std::string, Measured> &All() const { return byName_; }

private:
    std::map<std::string, Measured> byName_;
    std::map<std::string, std::pair<double, double>> repetitionRange_;
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

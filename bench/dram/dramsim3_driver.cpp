// Arcade's driver for DRAMsim3 (ours; links against the user's own DRAMsim3 build, never shipped with it).
//
// DRAMsim3's dramsim3main runs a fixed cycle count and offers at most one request per cycle, so it
// cannot say when a trace is done nor offer HBM2 eight requests per cycle. This driver uses the
// library API instead: all requests are available at cycle 0, up to K are offered per memory
// cycle in file order (stopping at the first one refused, like a FIFO frontend), and the run ends
// when the last request has been accepted (Ramulator 2's LoadStoreTrace criterion) and, for the
// drain figure, when the last read has returned.
//
// Build:  g++ -O2 -std=c++17 -I$DRAMSIM3/src -I$DRAMSIM3/ext/headers -I$DRAMSIM3/ext/fmt/include \
//             bench/dram/dramsim3_driver.cpp -L$DRAMSIM3 -ldramsim3 -Wl,-rpath,$DRAMSIM3 -o dramsim3-arcade
// Run:    dramsim3-arcade CONFIG.ini TRACE OUTDIR [REQUESTS_PER_CYCLE]
// Trace:  DRAMsim3 format `0xADDR READ|WRITE CYCLE` (cycle ignored: all available at cycle 0).
// Prints one JSON line; DRAMsim3's own statistics go to OUTDIR/dramsim3.json.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "memory_system.h"

int main(int argc, char** argv) {
    if (argc < 4) {
        std::cerr << "usage: " << argv[0] << " CONFIG.ini TRACE OUTDIR [REQUESTS_PER_CYCLE]\n";
        return 2;
    }
    const int perCycle = argc > 4 ? std::atoi(argv[4]) : 1;
    struct Request { uint64_t address; bool isWrite; };
    std::vector<Request> requests;
    {
        std::ifstream in(argv[2]);
        if (!in) { std::cerr << "cannot read " << argv[2] << "\n"; return 2; }
        std::string address, kind, cycle;
        while (in >> address >> kind >> cycle) {
            requests.push_back({std::stoull(address, nullptr, 16), kind == "WRITE" || kind == "write"});
        }
    }
    uint64_t readsOutstanding = 0, readsDone = 0, writesDone = 0;
    auto onRead = [&](uint64_t) { ++readsDone; };
    auto onWrite = [&](uint64_t) { ++writesDone; };
    dramsim3::MemorySystem* memory = dramsim3::GetMemorySystem(argv[1], argv[3], onRead, onWrite);

    const std::clock_t cpuStart = std::clock();
    const auto wallStart = std::chrono::steady_clock::now();
    size_t next = 0;
    uint64_t cycle = 0, lastAcceptCycle = 0;
    for (const auto& request : requests) readsOutstanding += request.isWrite ? 0 : 1;
    // Same order as DRAMsim3's TraceBasedCPU: tick the memory, then offer requests.
    while (next < requests.size() || readsDone < readsOutstanding) {
        memory->ClockTick();
        for (int offered = 0; offered < perCycle && next < requests.size(); ++offered) {
            const Request& request = requests[next];
            if (!memory->WillAcceptTransaction(request.address, request.isWrite)) break;
            memory->AddTransaction(request.address, request.isWrite);
            ++next;
            lastAcceptCycle = cycle + 1;
        }
        ++cycle;
    }
    const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    const double wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    memory->PrintStats();
    std::printf("{\"requests\": %zu, \"requests_per_cycle\": %d, \"cycles\": %llu, \"cycles_to_drain\": %llu, "
                "\"reads_done\": %llu, \"writes_done\": %llu, \"tck_ns\": %g, \"bus_bits\": %d, "
                "\"cpu_seconds\": %.3f, \"wall_seconds\": %.3f}\n",
                requests.size(), perCycle, (unsigned long long)lastAcceptCycle, (unsigned long long)cycle,
                (unsigned long long)readsDone, (unsigned long long)writesDone, memory->GetTCK(),
                memory->GetBusBits(), cpuSeconds, wallSeconds);
    delete memory;
    return 0;
}

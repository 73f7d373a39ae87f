// Arcade's driver for Ramulator 2.1 (ours; links against the user's own Ramulator 2.1 build, never shipped with it).
//
// Ramulator 2.1 has no standalone executable: its run loop lives in the Python bindings, and its C++
// side only reads a fully resolved configuration exported by its Python package
// (`python3 -m ramulator export CONFIG.py`), since the timing presets are resolved in Python. This
// driver runs that configuration without Python: it builds the frontend and memory system with
// Ramulator's factory, lets Ramulator's own LoadStoreTrace frontend read the trace and offer the
// requests, and ticks the clocks the way Ramulator 2.1's Simulation.run does for a frontend
// clock_ratio K and a memory clock_ratio 1: one frontend tick before the first memory tick, then K
// per memory tick. A frontend tick offers the next request once; a refused request is offered again
// at the next tick, so at most K requests are accepted per memory cycle, all available at cycle 0.
// The run ends as soon as the last request has been accepted (LoadStoreTrace's is_finished), and the
// memory cycles are the memory ticks done until then -- the same end criterion as Ramulator 2.0's
// `ramulator2` executable and Arcade's DRAMsim3 driver.
//
// Build (RAMULATOR21 = the Ramulator 2.1 checkout, with libramulator.so built in its root):
//   g++ -O3 -std=c++20 -I$RAMULATOR21/src -DRAMULATOR21_ROOT="\"$RAMULATOR21\"" \
//       -DRAMULATOR21_COMMIT="\"$(git -C $RAMULATOR21 rev-parse --short HEAD)\"" \
//       bench/dram/ramulator21_driver.cpp -L$RAMULATOR21 -lramulator -lfmt -Wl,-rpath,$RAMULATOR21 \
//       -o ramulator21-arcade
// Run:    ramulator21-arcade CONFIG.yaml TRACE [STATS.yaml]
//           CONFIG.yaml  exported by Ramulator 2.1's Python package with a LoadStoreTrace frontend
//                        (clock_ratio = requests offered per memory cycle) and a GenericDRAM memory
//                        system with clock_ratio 1; the trace path in it is replaced by TRACE.
//           TRACE        Ramulator LoadStoreTrace format: `LD 0xADDR` / `ST 0xADDR`, one per line.
//           STATS.yaml   optional: Ramulator's full statistics are written there.
//         ramulator21-arcade --root     prints the Ramulator 2.1 checkout and commit it was built against
//                                       (its Python package, ROOT/python, exports the configurations).
// Prints one JSON line: cycles, requests, bytes per request (the DRAM transaction size), row hits,
// misses, conflicts (summed over channels), CPU and wall seconds of the simulation loop.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>

#include "ramulator/base/config.h"
#include "ramulator/base/factory.h"
#include "ramulator/frontend/i_frontend.h"
#include "ramulator/memory_system/i_memory_system.h"

#ifndef RAMULATOR21_ROOT
#define RAMULATOR21_ROOT ""
#endif
#ifndef RAMULATOR21_COMMIT
#define RAMULATOR21_COMMIT ""
#endif

namespace {

// Sums a numeric statistic of the controller(s) under the memory system's statistics tree
// (a map for one channel, a sequence of maps for several).
long long controllerSum(const Ramulator::ConfigNode& memoryStats, const std::string& key) {
    const Ramulator::ConfigNode controllers = memoryStats["controller"];
    long long total = 0;
    auto add = [&](const Ramulator::ConfigNode& controller) {
        const Ramulator::ConfigNode value = controller[key];
        if (value && value.is_scalar()) total += std::stoll(value.scalar());
    };
    if (controllers.is_sequence()) {
        for (const auto& controller : controllers.seq()) add(controller);
    } else if (controllers.is_map()) {
        add(controllers);
    }
    return total;
}

long long scalarOf(const Ramulator::ConfigNode& node, const std::string& key) {
    const Ramulator::ConfigNode value = node[key];
    return value && value.is_scalar() ? std::stoll(value.scalar()) : -1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--root") {
        std::printf("%s\n%s\n", RAMULATOR21_ROOT, RAMULATOR21_COMMIT);
        return 0;
    }
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " CONFIG.yaml TRACE [STATS.yaml] | --root\n";
        return 2;
    }
    try {
        // The exported configuration with the frontend's trace path replaced.
        const Ramulator::ConfigNode exported = Ramulator::Config::parse_config_file(argv[1]);
        Ramulator::ConfigNode::Map root = exported.map();
        Ramulator::ConfigNode::Map frontendConfig = root.at("frontend").map();
        if (frontendConfig.at("impl").scalar() != "LoadStoreTrace") {
            std::cerr << "error: the configuration's frontend must be LoadStoreTrace\n";
            return 2;
        }
        frontendConfig["path"] = Ramulator::ConfigNode(argv[2]);
        root["frontend"] = Ramulator::ConfigNode(std::move(frontendConfig));
        const Ramulator::ConfigNode config(std::move(root));

        // Construction includes reading the trace (Ramulator's own parser), as in its Python path.
        const std::clock_t cpuStart = std::clock();
        const auto wallStart = std::chrono::steady_clock::now();
        Ramulator::IFrontEnd* frontend = Ramulator::Factory::create_frontend(config);
        Ramulator::IMemorySystem* memory = Ramulator::Factory::create_memory_system(config);
        frontend->connect_memory_system(memory);
        memory->connect_frontend(frontend);
        const int perCycle = frontend->get_clock_ratio();
        if (perCycle <= 0 || memory->get_clock_ratio() != 1) {
            std::cerr << "error: expected frontend clock_ratio >= 1 and memory clock_ratio 1\n";
            return 2;
        }
        const std::clock_t loopStart = std::clock();

        uint64_t cycles = 0;
        int offers = 1;  // Simulation.run's clock counters give the first memory tick one frontend tick
        for (;;) {
            bool finished = false;
            for (int i = 0; i < offers; ++i) {
                frontend->tick();
                if (frontend->is_finished()) { finished = true; break; }
            }
            if (finished) break;
            memory->tick();
            ++cycles;
            offers = perCycle;
        }
        const double loopCpu = double(std::clock() - loopStart) / CLOCKS_PER_SEC;
        const double cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        const double wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();

        frontend->update_stats_recursive();
        memory->update_stats_recursive();
        if (argc > 3) {
            std::ofstream out(argv[3]);
            frontend->print_stats(out);
            memory->print_stats(out);
        }
        const Ramulator::ConfigNode stats = memory->collect_stats();
        const long long reads = scalarOf(stats, "total_num_read_requests");
        const long long writes = scalarOf(stats, "total_num_write_requests");
        const Ramulator::ConfigNode controllers = stats["controller"];
        const Ramulator::ConfigNode first = controllers.is_sequence() ? controllers.seq().front() : controllers;
        std::printf("{\"requests\": %lld, \"requests_per_cycle\": %d, \"cycles\": %llu, \"controller_cycles\": %lld, "
                    "\"channels\": %zu, \"bytes_per_request\": %d, \"tck_ns\": %g, \"reads\": %lld, \"writes\": %lld, "
                    "\"row_hits\": %lld, \"row_misses\": %lld, \"row_conflicts\": %lld, "
                    "\"reads_forwarded\": %lld, \"writes_coalesced\": %lld, "
                    "\"cpu_seconds\": %.3f, \"loop_cpu_seconds\": %.3f, \"wall_seconds\": %.3f}\n",
                    reads + writes, perCycle, (unsigned long long)cycles, scalarOf(first, "cycles"),
                    controllers.is_sequence() ? controllers.seq().size() : size_t(1), memory->get_tx_bytes(),
                    memory->get_tCK(), reads, writes, controllerSum(stats, "row_hits"),
                    controllerSum(stats, "row_misses"), controllerSum(stats, "row_conflicts"),
                    controllerSum(stats, "num_read_reqs_forwarded"), controllerSum(stats, "num_write_reqs_coalesced"),
                    cpuSeconds, loopCpu, wallSeconds);
        frontend->finalize();
        memory->finalize();
        delete memory;
        delete frontend;
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return 1;
    }
}

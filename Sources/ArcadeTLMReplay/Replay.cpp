// sc_main of `arcade-tlm`: replays an Arcade DRAM trace from a TLM-2.0 initiator into Arcade's DRAM
// wrapped as a TLM-2.0 target, or runs Arcade alone on it (the reference), and prints per-request
// completion cycles so the two can be compared (Tests/ArcadeCLITests/TLMPlatformTests.swift).
//
//   arcade-tlm replay --mode at|lt|alone <architecture.yaml> <trace> [--completions FILE]
//                     [--serialized-trace FILE]
//
// Prints `mode=<m> requests=<n> cycles=<c> seconds=<wall>`; --completions writes
// `request,completion_cycle` rows in trace order; --serialized-trace (lt) writes the trace with each
// request's start cycle as its arrival. Exit 2 with `error: <message>` on bad input, as `arcade` does.
#include "arcade_tlm_replay.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

int usage(const char* message) {
    std::fprintf(stderr, "error: %s\nusage: arcade-tlm replay --mode at|lt|alone <architecture.yaml> <trace> "
                         "[--completions FILE] [--serialized-trace FILE]\n", message);
    return 2;
}

bool write_completions(const std::string& path, const std::vector<int64_t>& cycles) {
    FILE* file = std::fopen(path.c_str(), "w");
    if (!file) return false;
    std::fprintf(file, "request,completion_cycle\n");
    for (size_t i = 0; i < cycles.size(); ++i) std::fprintf(file, "%zu,%lld\n", i, (long long)cycles[i]);
    return std::fclose(file) == 0;
}

/// Arcade alone through the C ABI: the same run `arcade simulate` does, no SystemC kernel involved.
int run_alone(const std::string& architecture, const std::string& trace_path, std::vector<int64_t>& cycles,
              int64_t& total) {
    char message[4096];
    arcade_memory* memory = nullptr;
    int code = arcade_memory_create(architecture.c_str(), &memory, message, sizeof message);
    if (code != ARCADE_OK) throw arcade_tlm::Error(code, message);
    std::unique_ptr<arcade_memory, void (*)(arcade_memory*)> owned(memory, arcade_memory_destroy);
    arcade_trace* trace = nullptr;
    code = arcade_trace_open(trace_path.c_str(), memory, &trace, message, sizeof message);
    if (code != ARCADE_OK) throw arcade_tlm::Error(code, message);
    std::unique_ptr<arcade_trace, void (*)(arcade_trace*)> owned_trace(trace, arcade_trace_destroy);
    cycles.assign(arcade_trace_count(trace), -1);
    code = arcade_memory_run_alone(memory, trace, cycles.data(), &total, message, sizeof message);
    if (code != ARCADE_OK) throw arcade_tlm::Error(code, message);
    return 0;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
    std::string mode, completions_path, serialized_path;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        auto value = [&](std::string& into) { if (i + 1 < argc) { into = argv[++i]; return true; } return false; };
        if (argument == "--mode") { if (!value(mode)) return usage("--mode needs a value"); }
        else if (argument == "--completions") { if (!value(completions_path)) return usage("--completions needs a file"); }
        else if (argument == "--serialized-trace") { if (!value(serialized_path)) return usage("--serialized-trace needs a file"); }
        else positional.push_back(argument);
    }
    if (positional.size() != 3 || positional[0] != "replay") return usage("expected: replay <architecture.yaml> <trace>");
    if (mode != "at" && mode != "lt" && mode != "alone") return usage("--mode must be at, lt or alone");
    if (!serialized_path.empty() && mode != "lt") return usage("--serialized-trace needs --mode lt");
    const std::string& architecture = positional[1];
    const std::string& trace_path = positional[2];
    try {
        auto start = std::chrono::steady_clock::now();
        std::vector<int64_t> cycles;
        int64_t total = 0;
        if (mode == "alone") {
            run_alone(architecture, trace_path, cycles, total);
        } else {
            arcade_tlm::MemoryTarget dram("dram", architecture);
            auto timing = mode == "at" ? arcade_tlm::TraceReplay::Mode::approximately_timed
                                       : arcade_tlm::TraceReplay::Mode::loosely_timed;
            arcade_tlm::TraceReplay replay("replay", dram.handle(), trace_path, timing);
            replay.socket.bind(dram.socket);
            sc_core::sc_start();
            if (!replay.finished() || replay.errors > 0) {
                size_t missing = std::count(replay.completion_cycles.begin(), replay.completion_cycles.end(), -1);
                std::fprintf(stderr, "error: %zu of %zu requests did not complete (%zu rejected)\n", missing,
                             replay.size(), replay.errors);
                return 1;
            }
            cycles = replay.completion_cycles;
            for (int64_t cycle : cycles) total = std::max(total, cycle);
            if (!serialized_path.empty() && !replay.write_serialized_trace(serialized_path))
                return usage(("cannot write " + serialized_path).c_str());
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!completions_path.empty() && !write_completions(completions_path, cycles))
            return usage(("cannot write " + completions_path).c_str());
        std::printf("mode=%s requests=%zu cycles=%lld seconds=%.6f\n", mode.c_str(), cycles.size(), (long long)total,
                    seconds);
        return 0;
    } catch (const arcade_tlm::Error& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return error.code;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 1;
    }
}

// sc_main of `arcade-tlm`: replays an Arcade DRAM trace from a TLM-2.0 initiator into Arcade's DRAM
// wrapped as a TLM-2.0 target, or runs Arcade alone on it (the reference), and prints per-request
// completion cycles so the two can be compared (Tests/ArcadeCLITests/TLMPlatformTests.swift).
//
//   arcade-tlm replay --mode at|lt|alone|abi <architecture.yaml> <trace> [--completions FILE]
//                     [--serialized-trace FILE] [--per-cycle N]
//
// The architecture is a DRAM (family: dram, a request trace) or a cache hierarchy (family: cache,
// an address trace; completion cycles are core cycles). abi: every request offered at time 0 straight
// through the C ABI, no SystemC (a cache only: a DRAM refuses). --per-cycle overrides how many requests the
// AT initiator offers per memory cycle (default: Arcade's own frontend's; 0: no limit).
//
// Prints `mode=<m> requests=<n> cycles=<c> seconds=<wall> late_responses=<r> max_late_cycles=<l>`
// (responses delivered after the completion Arcade reported: a cache's core, see CompletionTime); --completions writes
// `request,completion_cycle` rows in trace order; --serialized-trace (lt) writes the trace with each
// request's start cycle as its arrival. Exit 2 with `error: <message>` on bad input, as `arcade` does.
#include "arcade_tlm_replay.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

int usage(const char* message) {
    std::fprintf(stderr, "error: %s\nusage: arcade-tlm replay --mode at|lt|alone|abi <architecture.yaml> <trace> "
                         "[--completions FILE] [--serialized-trace FILE] [--per-cycle N]\n", message);
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

/// Debugging aid: every request offered at time 0 straight through the C ABI (no SystemC), then
/// Arcade advanced event by event — isolates the ABI from the TLM modules.
void run_abi_direct(const std::string& architecture, const std::string& trace_path, std::vector<int64_t>& cycles,
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
    size_t count = arcade_trace_count(trace);
    cycles.assign(count, -1);
    uint64_t period = arcade_memory_period_ps(memory);
    for (size_t i = 0; i < count; ++i) {
        uint64_t address; uint32_t bytes; int kind; int64_t arrival;
        arcade_trace_request(trace, i, &address, &bytes, &kind, &arrival);
        if (arcade_memory_try_send(memory, i, address, bytes, kind, 0) != 1)
            throw arcade_tlm::Error(ARCADE_INPUT_ERROR, "direct mode: a refused offer (use a cache architecture)");
    }
    uint64_t ids[64], times[64];
    uint64_t next;
    while ((next = arcade_memory_next_event_ps(memory)) != ARCADE_NO_EVENT) {
        arcade_memory_advance(memory, next);
        size_t taken;
        while ((taken = arcade_memory_take_completions(memory, ids, times, 64)) > 0)
            for (size_t j = 0; j < taken; ++j) cycles[ids[j]] = int64_t(times[j] / period);
    }
    arcade_memory_stats stats;
    arcade_memory_get_stats(memory, &stats);
    total = stats.cycles;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
    std::string mode, completions_path, serialized_path, per_cycle_text;
    std::vector<std::string> positional;
    for (int i = 1; i < argc; ++i) {
        std::string argument = argv[i];
        auto value = [&](std::string& into) { if (i + 1 < argc) { into = argv[++i]; return true; } return false; };
        if (argument == "--mode") { if (!value(mode)) return usage("--mode needs a value"); }
        else if (argument == "--completions") { if (!value(completions_path)) return usage("--completions needs a file"); }
        else if (argument == "--per-cycle") { if (!value(per_cycle_text)) return usage("--per-cycle needs a count"); }
        else if (argument == "--serialized-trace") { if (!value(serialized_path)) return usage("--serialized-trace needs a file"); }
        else positional.push_back(argument);
    }
    if (positional.size() != 3 || positional[0] != "replay") return usage("expected: replay <architecture.yaml> <trace>");
    if (mode != "at" && mode != "lt" && mode != "alone" && mode != "abi") return usage("--mode must be at, lt, alone or abi");
    if (!serialized_path.empty() && mode != "lt") return usage("--serialized-trace needs --mode lt");
    int per_cycle = -1;
    if (!per_cycle_text.empty()) {
        char* end = nullptr;
        long parsed = std::strtol(per_cycle_text.c_str(), &end, 10);
        if (*end != 0 || parsed < 0 || parsed > 1 << 20) return usage("--per-cycle must be a count 0 … 2^20 (0: no limit)");
        per_cycle = int(parsed);
    }
    const std::string& architecture = positional[1];
    const std::string& trace_path = positional[2];
    try {
        auto start = std::chrono::steady_clock::now();
        std::vector<int64_t> cycles;
        int64_t total = 0, max_late_cycles = 0;
        size_t late_responses = 0;
        if (mode == "alone") {
            run_alone(architecture, trace_path, cycles, total);
        } else if (mode == "abi") {
            run_abi_direct(architecture, trace_path, cycles, total);
        } else {
            arcade_tlm::MemoryTarget target("memory", architecture);
            auto timing = mode == "at" ? arcade_tlm::TraceReplay::Mode::approximately_timed
                                       : arcade_tlm::TraceReplay::Mode::loosely_timed;
            arcade_tlm::TraceReplay replay("replay", target.handle(), trace_path, timing, per_cycle);
            replay.socket.bind(target.socket);
            sc_core::sc_start();
            if (!replay.finished() || replay.errors > 0) {
                size_t missing = std::count(replay.completion_cycles.begin(), replay.completion_cycles.end(), -1);
                std::fprintf(stderr, "error: %zu of %zu requests did not complete (%zu rejected)\n", missing,
                             replay.size(), replay.errors);
                return 1;
            }
            cycles = replay.completion_cycles;
            late_responses = replay.late_responses;
            max_late_cycles = replay.max_late_cycles;
            arcade_memory_stats stats;
            arcade_memory_get_stats(target.handle(), &stats);
            total = stats.cycles;   // the family's own total: a cache's includes trailing write-backs
            if (!serialized_path.empty() && !replay.write_serialized_trace(serialized_path))
                return usage(("cannot write " + serialized_path).c_str());
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!completions_path.empty() && !write_completions(completions_path, cycles))
            return usage(("cannot write " + completions_path).c_str());
        std::printf("mode=%s requests=%zu cycles=%lld seconds=%.6f late_responses=%zu max_late_cycles=%lld\n",
                    mode.c_str(), cycles.size(), (long long)total, seconds, late_responses, (long long)max_late_cycles);
        return 0;
    } catch (const arcade_tlm::Error& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return error.code;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 1;
    }
}

// A SystemC reference for Arcade's DRAM family (DDR4, FR-FCFS or FCFS, open or closed page,
// all-bank refresh), written the way SystemC users write one: one clocked SC_THREAD per channel
// controller (controller.h), a clocked SC_METHOD frontend (frontend.h), an sc_clock, Boost
// circular buffers for the request queues and the tFAW window, and the DDR4 timing table of
// Ramulator 2 (timing.h). `arcade simulate … --reference systemc` (DRAMSystemCReference.swift) sends
// it the resolved system and the trace on stdin:
//
//   arcade-systemc-dram 1
//   standard DDR4-2400
//   organization channels <n> ranks <n> bank_groups <n> banks_per_group <n> rows <n> columns <n>
//   timing nBL <n> nCL <n> … nCS <n>                      (every field of dram::Timing, any order)
//   controller scheduler frfcfs|fcfs row_policy open|closed read_queue <n> write_queue <n>
//              write_high_watermark <x> write_low_watermark <x> refresh all-bank|off requests_per_cycle <n>
//   mapping offset <bits> <field> <bits> …                 (fields Ch Co Pc Ra Bg Ba Ro, least significant first)
//   requests <count>
//   R|W <hex address> [<arrival cycle>]                    (one line per request, trace order)
//
// Prints one line of totals named as Arcade's (cycles=… last_accept_cycle=… row_hits=… cmd_act=… …,
// read_latency_sum=<Σ completion − accept cycle over reads>, seconds=<sc_start wall time>), then `completions` and each request's completion cycle, one a line.
// Exit 2 with the line number on bad input; 1 when the model stalls.
#include "frontend.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>

using namespace sc_core;

namespace {

[[noreturn]] void fail(long line, const std::string& message) {
    std::fprintf(stderr, "error: input line %ld: %s\n", line, message.c_str());
    std::exit(2);
}

// `key value` pairs after a line's keyword; every key of `wanted` must be there, no other.
std::map<std::string, std::string> pairs(std::istringstream& line, long number, const std::vector<std::string>& wanted) {
    std::map<std::string, std::string> found;
    std::string key, value;
    while (line >> key) {
        if (!(line >> value)) fail(number, "'" + key + "' has no value");
        if (std::find(wanted.begin(), wanted.end(), key) == wanted.end()) fail(number, "unknown key '" + key + "'");
        found[key] = value;
    }
    for (const std::string& name : wanted)
        if (!found.count(name)) fail(number, "missing '" + name + "'");
    return found;
}

long integer(const std::string& text, long number, const std::string& key, long low, long high) {
    char* end = nullptr;
    long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || value < low || value > high)
        fail(number, key + " must be an integer in " + std::to_string(low) + "..." + std::to_string(high) + ", not '" + text + "'");
    return value;
}

struct Field { long shift = 0, bits = 0; long value(unsigned long long address) const {
    return static_cast<long>((address >> shift) & ((1ULL << bits) - 1)); } };

struct Input {
    dram::Timing timing;
    dram::ChannelShape shape;
    dram::ControllerConfig controller;
    int channels = 1, per_cycle = 1;
    std::vector<dram::TraceRequest> trace;
};

Input read_input() {
    Input input;
    std::map<std::string, Field> mapping;
    long address_bits = 0, expected = -1, number = 0;
    bool header = false, standard = false, organization = false, timing = false, controller = false;
    std::string text;
    while (std::getline(std::cin, text)) {
        ++number;
        if (expected >= 0) {   // a request: R|W <hex address> [<arrival>]
            const char* p = text.c_str();
            if ((*p != 'R' && *p != 'W') || p[1] != ' ') fail(number, "expected 'R|W <hex address> [<arrival>]'");
            char* end = nullptr;
            unsigned long long address = std::strtoull(p + 2, &end, 16);
            if (end == p + 2) fail(number, "no hex address");
            long arrival = -1;
            if (*end == ' ') {
                const char* start = end + 1;
                arrival = std::strtol(start, &end, 10);
                if (end == start || arrival < 0) fail(number, "arrival must be a cycle ≥ 0");
            }
            if (*end != '\0') fail(number, "unexpected text after the request");
            if (address_bits < 64 && (address >> address_bits) != 0) fail(number, "address beyond the capacity");
            const int rank = static_cast<int>(mapping["Ra"].value(address));
            const int bank = (rank * input.shape.bank_groups + static_cast<int>(mapping["Bg"].value(address)))
                * input.shape.banks_per_group + static_cast<int>(mapping["Ba"].value(address));
            input.trace.push_back({arrival, static_cast<int>(mapping["Ch"].value(address)), bank, mapping["Ro"].value(address),
                                   *p == 'W'});
            continue;
        }
        std::istringstream line(text);
        std::string word;
        if (!(line >> word) || word[0] == '#') continue;
        if (!header) {
            std::string version;
            if (word != "arcade-systemc-dram" || !(line >> version) || version != "1") fail(number, "expected 'arcade-systemc-dram 1'");
            header = true;
        } else if (word == "standard") {
            std::string name;
            if (!(line >> name) || name.rfind("DDR4", 0) != 0) fail(number, "only DDR4 standards are modelled, not '" + name + "'");
            standard = true;
        } else if (word == "organization") {
            auto v = pairs(line, number, {"channels", "ranks", "bank_groups", "banks_per_group", "rows", "columns"});
            input.channels = static_cast<int>(integer(v["channels"], number, "channels", 1, 1024));
            input.shape.ranks = static_cast<int>(integer(v["ranks"], number, "ranks", 1, 64));
            input.shape.bank_groups = static_cast<int>(integer(v["bank_groups"], number, "bank_groups", 1, 64));
            input.shape.banks_per_group = static_cast<int>(integer(v["banks_per_group"], number, "banks_per_group", 1, 64));
            integer(v["rows"], number, "rows", 1, 1L << 30);
            integer(v["columns"], number, "columns", 1, 1L << 30);
            organization = true;
        } else if (word == "timing") {
            dram::Timing& t = input.timing;
            const std::vector<std::pair<std::string, long*>> fields = {
                {"nBL", &t.nBL}, {"nCL", &t.nCL}, {"nCWL", &t.nCWL}, {"nRCD", &t.nRCD}, {"nRCDWR", &t.nRCDWR},
                {"nRP", &t.nRP}, {"nRAS", &t.nRAS}, {"nRC", &t.nRC}, {"nWR", &t.nWR}, {"nRTP", &t.nRTP},
                {"nCCD_S", &t.nCCD_S}, {"nCCD_L", &t.nCCD_L}, {"nRRD_S", &t.nRRD_S}, {"nRRD_L", &t.nRRD_L},
                {"nWTR_S", &t.nWTR_S}, {"nWTR_L", &t.nWTR_L}, {"nFAW", &t.nFAW}, {"nRFC", &t.nRFC},
                {"nREFI", &t.nREFI}, {"nCS", &t.nCS}};
            std::vector<std::string> names;
            for (const auto& field : fields) names.push_back(field.first);
            auto v = pairs(line, number, names);
            for (const auto& field : fields) *field.second = integer(v[field.first], number, field.first, 0, 100000000);
            if (t.nREFI < 1 || t.nBL < 1) fail(number, "nREFI and nBL must be ≥ 1");
            timing = true;
        } else if (word == "controller") {
            auto v = pairs(line, number, {"scheduler", "row_policy", "read_queue", "write_queue", "write_high_watermark",
                                          "write_low_watermark", "refresh", "requests_per_cycle"});
            dram::ControllerConfig& c = input.controller;
            if (v["scheduler"] != "frfcfs" && v["scheduler"] != "fcfs") fail(number, "scheduler must be frfcfs or fcfs");
            if (v["row_policy"] != "open" && v["row_policy"] != "closed") fail(number, "row_policy must be open or closed");
            if (v["refresh"] != "all-bank" && v["refresh"] != "off") fail(number, "refresh must be all-bank or off");
            c.frfcfs = v["scheduler"] == "frfcfs";
            c.open_page = v["row_policy"] == "open";
            c.refresh = v["refresh"] == "all-bank";
            c.read_queue = static_cast<int>(integer(v["read_queue"], number, "read_queue", 1, 65536));
            c.write_queue = static_cast<int>(integer(v["write_queue"], number, "write_queue", 1, 65536));
            c.write_high_watermark = std::strtod(v["write_high_watermark"].c_str(), nullptr);
            c.write_low_watermark = std::strtod(v["write_low_watermark"].c_str(), nullptr);
            input.per_cycle = static_cast<int>(integer(v["requests_per_cycle"], number, "requests_per_cycle", 1, 1024));
            controller = true;
        } else if (word == "mapping") {
            std::string key;
            if (!(line >> key) || key != "offset" || !(line >> address_bits) || address_bits < 0 || address_bits > 63)
                fail(number, "mapping needs: offset <bits> then <field> <bits> …");
            while (line >> key) {
                long bits = -1;
                if (!(line >> bits) || bits < 0 || bits > 40) fail(number, "field " + key + " needs a bit count of 0 to 40");
                if (key != "Ch" && key != "Co" && key != "Pc" && key != "Ra" && key != "Bg" && key != "Ba" && key != "Ro")
                    fail(number, "unknown mapping field '" + key + "' (Ch Co Pc Ra Bg Ba Ro)");
                if (key == "Pc" && bits != 0) fail(number, "DDR4 has no pseudo-channels (Pc must have 0 bits)");
                mapping[key] = {address_bits, bits};
                address_bits += bits;
            }
            for (const char* key : {"Ch", "Co", "Ra", "Bg", "Ba", "Ro"})
                if (!mapping.count(key)) fail(number, std::string("mapping lacks ") + key);
            if ((1L << mapping["Ch"].bits) != input.channels || (1L << mapping["Ra"].bits) != input.shape.ranks
                || (1L << mapping["Bg"].bits) != input.shape.bank_groups || (1L << mapping["Ba"].bits) != input.shape.banks_per_group)
                fail(number, "the mapping's Ch, Ra, Bg, Ba widths must match the organization (give it first)");
        } else if (word == "requests") {
            if (!(standard && organization && timing && controller && !mapping.empty()))
                fail(number, "requests must follow standard, organization, timing, controller and mapping");
            std::string count;
            line >> count;
            expected = integer(count, number, "requests", 0, 1L << 31);
            input.trace.reserve(static_cast<size_t>(expected));
        } else {
            fail(number, "expected standard, organization, timing, controller, mapping or requests, not '" + word + "'");
        }
    }
    if (expected < 0) fail(number, "no 'requests' line");
    if (static_cast<long>(input.trace.size()) != expected)
        fail(number, "expected " + std::to_string(expected) + " requests, found " + std::to_string(input.trace.size()));
    return input;
}

}  // namespace

int sc_main(int, char*[]) {
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);     // "simulation stopped by user"
    std::ios::sync_with_stdio(false);
    const Input input = read_input();
    const sc_time period(1, SC_NS);                              // one memory cycle; only counts matter
    sc_clock clock("clock", period);
    dram::Completions completions;
    completions.cycle.assign(input.trace.size(), -1);
    completions.left = static_cast<long>(input.trace.size());
    std::vector<dram::Controller*> channels;
    for (int channel = 0; channel < input.channels; ++channel) {
        channels.push_back(new dram::Controller(("channel" + std::to_string(channel)).c_str(), input.timing, input.shape,
                                                input.controller, completions, period));
        channels.back()->clock(clock);
    }
    dram::Frontend frontend("frontend", input.trace, channels, input.per_cycle, period);
    frontend.clock(clock);

    // A bound for a model that stalls: every request served alone, with a refresh in between.
    const dram::Timing& t = input.timing;
    long last_arrival = 0;
    for (const dram::TraceRequest& request : input.trace) last_arrival = std::max(last_arrival, request.arrival);
    const double per_request = static_cast<double>(t.nRC + t.nRP + t.nRCD + t.nCL + t.nCWL + t.nBL + t.nWR + t.nRTP + t.nFAW
                                                   + t.nCCD_L + t.nWTR_L + t.nRFC + 16);
    const double bound = static_cast<double>(last_arrival) + (static_cast<double>(input.trace.size()) + 1) * per_request
        + 4.0 * static_cast<double>(t.nREFI);
    auto start = std::chrono::steady_clock::now();
    if (!input.trace.empty()) sc_start(bound, SC_NS);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const long simulated = static_cast<long>(sc_time_stamp().value() / period.value());
    if (completions.left > 0) {
        std::fprintf(stderr, "stalled: %ld of %zu requests not served by cycle %ld\n", completions.left, input.trace.size(),
                     simulated);
        return 1;
    }
    dram::ChannelStats total;
    for (const dram::Controller* channel : channels) {
        const dram::ChannelStats& s = channel->stats();
        total.row_hits += s.row_hits; total.row_misses += s.row_misses; total.row_conflicts += s.row_conflicts;
        total.reads += s.reads; total.writes += s.writes; total.read_latency_sum += s.read_latency_sum;
        total.last_completion = std::max(total.last_completion, s.last_completion);
        for (int command = 0; command < dram::kCommandCount; ++command) total.commands[command] += s.commands[command];
    }
    std::printf("cycles=%ld last_accept_cycle=%ld requests=%zu reads=%ld writes=%ld row_hits=%ld row_misses=%ld row_conflicts=%ld",
                total.last_completion, frontend.last_accept_cycle, input.trace.size(), total.reads, total.writes,
                total.row_hits, total.row_misses, total.row_conflicts);
    for (int command = 0; command < dram::kCommandCount; ++command)
        std::printf(" cmd_%s=%ld", dram::command_name(command), total.commands[command]);
    std::printf(" read_latency_sum=%ld simulated_cycles=%ld seconds=%.6f simulated_cycles_per_second=%.0f\ncompletions\n", total.read_latency_sum, simulated, seconds,
                seconds > 0 ? static_cast<double>(simulated) / seconds : 0.0);
    std::string out;
    out.reserve(completions.cycle.size() * 8);
    for (long cycle : completions.cycle) { out += std::to_string(cycle); out += '\n'; }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
}

int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
    try {
        return sc_core::sc_elab_and_sim(argc, argv);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 1;
    }
}

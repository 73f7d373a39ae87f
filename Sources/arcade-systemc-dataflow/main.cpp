// A SystemC reference for Arcade's streaming-dataflow graphs, written the way SystemC users write
// such models: one clocked SC_THREAD per unit, sc_fifo channels, an sc_clock. `arcade simulate
// … --reference systemc` (and Tests/ArcadeCLITests/SystemCReferenceTests.swift) send it the resolved
// graph as a netlist on stdin and compare the cycle of its last firing with Arcade's (issue 18).
//
//   fifo <depth>                                   one line per channel, numbered from 0
//   unit <name> <firings> <length> <latency> <interval> in <fifo>:<e|s> … out <fifo>:<e|r> …
//
// Rates: e every firing, s the first firing of each row of <length>, r the last. Prints
// `cycles=<c> seconds=<wall> simulated_cycles_per_second=<r>`; exit 2 on a bad netlist.
//
// Timing as DAM defines it (stanford-ppl/DAM-RS) and Arcade implements it, with send and response
// latencies of one cycle: a token written at cycle t is readable at t + 1 and a slot freed at t is
// writable at t + 1 — sc_fifo's update-phase semantics between threads woken on the same edge. A
// unit reads its due inputs in port order as each has a token (a read frees its slot at once),
// fires when the last is read (at most once per <interval> cycles), and then needs a slot in each
// due output FIFO, in port order, waiting for one if the FIFO is full; the token takes that slot at
// once but becomes readable only <latency> cycles after the firing, so it is written at
// max(firing + latency − 1, the cycle its slot was taken). Tokens are counts, not values.
#include <systemc>
#include <boost/circular_buffer.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace sc_core;

namespace {

struct Port { int fifo; char rate; };

struct Unit : sc_module {
    sc_in<bool> clock;
    std::vector<sc_fifo<int>*>* fifos;
    std::vector<Port> inputs, outputs;
    long firings, length, latency, interval;
    long fired = 0, lastFiring = -1;
    long firingCycle = 0, firingPosition = 0;  // the firing whose outputs are being sent
    size_t outputCursor = 0;
    bool finished = false;
    std::vector<int> reserved;                 // per FIFO: tokens taken a slot for, not yet written
    struct Pending { int fifo; long writeCycle; };
    // Tokens sent but not yet readable: at most one per output FIFO slot, so a fixed ring (Boost's
    // circular_buffer: the standard library has no bounded ring), sized when the netlist is read.
    boost::circular_buffer<Pending> pending;
    static long running;

    SC_HAS_PROCESS(Unit);
    Unit(sc_module_name name) : sc_module(name) {
        SC_THREAD(run);
        sensitive << clock.pos();
    }

    bool due(char rate, long position) const {
        return rate == 'e' || (rate == 's' && position == 0) || (rate == 'r' && position == length - 1);
    }

    void flush(long now) {
        while (!pending.empty() && pending.front().writeCycle <= now) {
            sc_fifo<int>* fifo = (*fifos)[pending.front().fifo];
            if (!fifo->nb_write(1)) {              // its slot was taken when it was sent: cannot fail
                std::fprintf(stderr, "internal error: %s wrote to a full FIFO\n", name());
                std::exit(3);
            }
            --reserved[pending.front().fifo];
            pending.pop_front();
        }
    }

    /// Takes a slot, in port order from `outputCursor`, for each output due at the firing's row
    /// `position`; false when a FIFO is full (the unit waits for a slot, holding its firing).
    bool send(long cycle) {
        for (; outputCursor < outputs.size(); ++outputCursor) {
            const Port& out = outputs[outputCursor];
            if (!due(out.rate, firingPosition)) continue;
            if ((*fifos)[out.fifo]->num_free() - reserved[out.fifo] <= 0) return false;
            ++reserved[out.fifo];
            pending.push_back({out.fifo, std::max(firingCycle + latency - 1, cycle)});
        }
        return true;
    }

    void run() {
        size_t inputCursor = 0;
        bool sending = false;                      // a firing whose outputs are not all sent yet
        long nextAllowed = 0;
        while (true) {
            wait();
            const long cycle = static_cast<long>(sc_time_stamp().to_seconds() * 1e9 + 0.5);
            flush(cycle);
            if (!sending) {
                if (fired == firings || cycle < nextAllowed) continue;
                const long position = fired % length;
                while (inputCursor < inputs.size()) {
                    const Port& in = inputs[inputCursor];
                    int token;
                    if (due(in.rate, position) && !(*fifos)[in.fifo]->nb_read(token)) break;
                    ++inputCursor;
                }
                if (inputCursor < inputs.size()) continue;
                inputCursor = 0;
                lastFiring = firingCycle = cycle;
                firingPosition = position;
                ++fired;
                outputCursor = 0;
            }
            sending = !send(cycle);
            flush(cycle);                          // latency 1: written this very cycle
            if (sending) continue;
            nextAllowed = cycle + interval;        // a firing that waited for a slot goes on from then
            if (fired == firings) finish();
        }
    }

    void finish() {
        if (finished) return;
        finished = true;
        if (--running == 0) sc_stop();
    }
};

long Unit::running = 0;

[[noreturn]] void fail(int line, const std::string& message) {
    std::fprintf(stderr, "error: netlist line %d: %s\n", line, message.c_str());
    std::exit(2);
}

}  // namespace

int sc_main(int, char*[]) {
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);     // "simulation stopped by user"
    sc_clock clock("clock", 1, SC_NS);
    std::vector<sc_fifo<int>*> fifos;
    std::vector<Unit*> units;
    long totalFirings = 0;
    std::string text;
    int lineNumber = 0;
    while (std::getline(std::cin, text)) {
        ++lineNumber;
        std::istringstream line(text);
        std::string word;
        if (!(line >> word) || word[0] == '#') continue;
        if (word == "fifo") {
            int depth = 0;
            if (!(line >> depth) || depth < 1 || depth > (1 << 24)) fail(lineNumber, "fifo needs a depth of 1 to 2^24");
            fifos.push_back(new sc_fifo<int>(("fifo" + std::to_string(fifos.size())).c_str(), depth));
        } else if (word == "unit") {
            std::string name;
            long firings, length, latency, interval;
            if (!(line >> name >> firings >> length >> latency >> interval) || firings < 0 || length < 1 || latency < 0
                || interval < 1)
                fail(lineNumber, "unit needs: name firings length latency interval (firings ≥ 0, length ≥ 1, interval ≥ 1)");
            Unit* unit = new Unit(name.c_str());
            unit->clock(clock);
            unit->fifos = &fifos;
            unit->firings = firings;
            unit->length = length;
            unit->latency = latency;
            unit->interval = interval;
            std::vector<Port>* side = nullptr;
            while (line >> word) {
                if (word == "in") { side = &unit->inputs; continue; }
                if (word == "out") { side = &unit->outputs; continue; }
                size_t colon = word.find(':');
                if (!side || colon == std::string::npos || colon + 2 != word.size()) fail(lineNumber, "expected in|out <fifo>:<rate>");
                int fifo = std::atoi(word.substr(0, colon).c_str());
                char rate = word[colon + 1];
                if (fifo < 0 || fifo >= static_cast<int>(fifos.size())) fail(lineNumber, "unknown fifo " + word.substr(0, colon));
                if (rate != 'e' && rate != 's' && rate != 'r') fail(lineNumber, "rate must be e, s or r");
                side->push_back({fifo, rate});
            }
            units.push_back(unit);
            totalFirings += firings;
            if (firings > 0) ++Unit::running;
        } else {
            fail(lineNumber, "expected 'fifo' or 'unit', not '" + word + "'");
        }
    }
    if (units.empty()) fail(lineNumber, "no units");
    for (Unit* unit : units) {
        unit->reserved.assign(fifos.size(), 0);
        size_t slots = 1;
        for (const Port& out : unit->outputs) slots += fifos[out.fifo]->num_free();
        unit->pending.set_capacity(slots);
    }
    auto start = std::chrono::steady_clock::now();
    // A bound for a graph that deadlocks: every firing a cycle apart, twice over.
    sc_start(sc_time(static_cast<double>(totalFirings) * 2 + 10000, SC_NS));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    long last = -1;
    for (Unit* unit : units) last = std::max(last, unit->lastFiring);
    if (Unit::running > 0) {
        for (Unit* unit : units)
            if (!unit->finished && unit->firings > 0)
                std::fprintf(stderr, "unfinished: %s (%ld of %ld firings)\n", unit->name(), unit->fired, unit->firings);
        std::printf("deadlock cycles=%ld seconds=%.6f\n", last, seconds);
        return 1;
    }
    std::printf("cycles=%ld seconds=%.6f simulated_cycles_per_second=%.0f\n", last, seconds,
                seconds > 0 ? static_cast<double>(last) / seconds : 0.0);
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

// A SystemC reference of Arcade's reordered SDPA graph (Architectures/dataflow/sdpa-reordered.yaml),
// written the way SystemC users write such models: one clocked SC_THREAD per unit, sc_fifo channels,
// an sc_clock. It checks Arcade's dataflow timing from outside (issue 18): the cycle of the sink's
// last firing must equal `arcade simulate`'s `cycles` for the same N, D and FIFO depth.
//
//   arcade-systemc-sdpa N D [DEPTH]      prints: cycles=<c> seconds=<wall>
//
// Timing as DAM defines it (stanford-ppl/DAM-RS) and Arcade implements it: a token sent at cycle t
// is readable at t + 1, and a slot freed at cycle t can be written at t + 1 — exactly sc_fifo's
// delta semantics between threads woken on the same clock edge (a write or read becomes visible in
// the update phase, i.e. to the next edge's evaluation). A unit of latency L makes its result
// readable at t + L: it is held L − 1 cycles in the unit, then written. Each unit fires at most once
// per cycle (initiation interval 1, as every unit of this graph has) when every input it needs
// this firing has a token. Tokens are counts, not values: this model checks time, not numerics.
#include <systemc>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <string>
#include <vector>

using namespace sc_core;

namespace {

long cycleOf(const sc_clock& clock) { return static_cast<long>(sc_time_stamp() / clock.period()); }

/// A unit: `firings` firings; inputs read on every firing or on the first of each row of `length`;
/// outputs written on every firing or on the last of each row, `latency` cycles after the firing.
struct Unit : sc_module {
    struct In { sc_fifo<int>* fifo; bool perRow; };
    struct Out { sc_fifo<int>* fifo; bool perRow; };
    sc_in<bool> clock;
    std::vector<In> inputs;
    std::vector<Out> outputs;
    long firings, length, latency;
    long lastFiring = -1;
    const sc_clock* clockSource;
    struct Pending { long readyCycle; size_t output; };
    std::deque<Pending> pending;

    SC_HAS_PROCESS(Unit);
    Unit(sc_module_name name, const sc_clock& source, long firings, long length, long latency)
        : sc_module(name), firings(firings), length(length), latency(latency), clockSource(&source) {
        SC_THREAD(run);
        sensitive << clock.pos();
    }

    void run() {
        long fired = 0;
        while (true) {
            wait();
            long now = cycleOf(*clockSource);
            // Results due now go out in order, while their FIFO has room.
            while (!pending.empty() && pending.front().readyCycle <= now) {
                sc_fifo<int>* fifo = outputs[pending.front().output].fifo;
                if (fifo->num_free() == 0) break;
                fifo->nb_write(1);
                pending.pop_front();
            }
            if (fired == firings || pending.size() > 64) continue;
            long position = fired % length;
            bool ready = true;
            for (auto& input : inputs) {
                if ((!input.perRow || position == 0) && input.fifo->num_available() == 0) ready = false;
            }
            if (!ready) continue;
            for (auto& input : inputs) {
                int token;
                if (!input.perRow || position == 0) input.fifo->nb_read(token);
            }
            for (size_t o = 0; o < outputs.size(); ++o) {
                if (!outputs[o].perRow || position == length - 1) pending.push_back({now + latency - 1, o});
            }
            // Latency 1: written this very cycle (readable at the next edge).
            while (!pending.empty() && pending.front().readyCycle <= now) {
                sc_fifo<int>* fifo = outputs[pending.front().output].fifo;
                if (fifo->num_free() == 0) break;
                fifo->nb_write(1);
                pending.pop_front();
            }
            lastFiring = now;
            ++fired;
            if (fired == firings && pending.empty() && outputs.empty()) sc_stop();
        }
    }
};

}  // namespace

int sc_main(int argc, char* argv[]) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: arcade-systemc-sdpa N D [DEPTH]\n");
        return 2;
    }
    const long n = std::atol(argv[1]), d = std::atol(argv[2]);
    const int depth = argc > 3 ? std::atoi(argv[3]) : 12;
    if (n < 1 || n > 1 << 14 || d < 1 || d > 4096 || (d & (d - 1)) != 0 || depth < 1) {
        std::fprintf(stderr, "error: N must be 1 to 16384, D a power of two up to 4096, DEPTH at least 1\n");
        return 2;
    }
    long log2d = 0;
    while ((1L << log2d) < d) ++log2d;
    sc_report_handler::set_actions(SC_INFO, SC_DO_NOTHING);     // "simulation stopped by user"
    sc_clock clock("clock", 1, SC_NS);
    auto fifo = [&](const char* name) { return new sc_fifo<int>(name, depth); };
    sc_fifo<int> *q_in = fifo("q_in"), *k_in = fifo("k_in"), *v_in = fifo("v_in"), *scores = fifo("scores"),
                 *delta = fifo("delta"), *c = fifo("c"), *delta_sum = fifo("delta_sum"), *delta_out = fifo("delta_out"),
                 *c_sum = fifo("c_sum"), *c_out = fifo("c_out"), *row_sum = fifo("row_sum"), *row_out = fifo("row_out"),
                 *output = fifo("output");
    const long rows = n, all = n * n;
    std::vector<Unit*> units;
    auto unit = [&](const char* name, long firings, long length, long latency, std::vector<Unit::In> in,
                    std::vector<Unit::Out> out) {
        Unit* u = new Unit(name, clock, firings, length, latency);
        u->clock(clock);
        u->inputs = std::move(in);
        u->outputs = std::move(out);
        units.push_back(u);
        return u;
    };
    // The graph of sdpa-reordered.yaml: sources at one row per cycle, QKᵀ of latency 1 + log2(D).
    unit("q", rows, 1, 1, {}, {{q_in, false}});
    unit("k", all, 1, 1, {}, {{k_in, false}});
    unit("v", all, 1, 1, {}, {{v_in, false}});
    unit("qkt", all, n, 1 + log2d, {{q_in, true}, {k_in, false}}, {{scores, false}});
    unit("running_max", all, n, 1, {{scores, false}}, {{delta, false}, {c, false}});
    unit("fork_delta", all, 1, 1, {{delta, false}}, {{delta_sum, false}, {delta_out, false}});
    unit("fork_c", all, 1, 1, {{c, false}}, {{c_sum, false}, {c_out, false}});
    unit("running_sum", all, n, 1, {{delta_sum, false}, {c_sum, false}}, {{row_sum, true}});
    unit("running_output", all, n, 1, {{delta_out, false}, {c_out, false}, {v_in, false}}, {{row_out, true}});
    unit("div", rows, 1, 1, {{row_out, false}, {row_sum, false}}, {{output, false}});
    Unit* sink = unit("out", rows, 1, 0, {{output, false}}, {});
    auto start = std::chrono::steady_clock::now();
    sc_start(sc_time(static_cast<double>(all) * 4 + 1000, SC_NS));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    long last = -1;
    for (Unit* u : units) last = std::max(last, u->lastFiring);
    if (sink->lastFiring < 0) {
        std::fprintf(stderr, "error: the graph did not finish (a deadlock?)\n");
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

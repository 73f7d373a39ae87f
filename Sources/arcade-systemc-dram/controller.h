// One channel's memory controller as a clocked SystemC module: a read and a write queue, the
// "activated" buffer of requests whose row has been opened for them, per-bank open rows, all-bank
// refresh, and one command per cycle chosen by FR-FCFS (or FCFS) — the structure of Ramulator 2's
// generic controller, which Arcade's DRAMChannelController follows too. It steps EVERY cycle (an
// SC_THREAD on the clock), where Arcade's controller jumps to the next cycle a command can become
// legal: that the two agree is what the cross-check tests.
#pragma once

#include "timing.h"

#include <systemc>
#include <boost/circular_buffer.hpp>
#include <vector>

namespace dram {

struct Request {
    long sequence;     // position in the trace: the request's age
    int bank;          // within the channel
    long row;
    bool is_write;
    long enter_cycle;  // cycle the controller accepted it
    bool classified;   // counted as row hit, miss or conflict (at its first command)
};

struct ControllerConfig {
    bool frfcfs = true;        // false: FCFS
    bool open_page = true;     // false: every access auto-precharges (RDA/WRA)
    int read_queue = 32, write_queue = 32;
    double write_high_watermark = 0.8, write_low_watermark = 0.2;
    bool refresh = true;       // all-bank refresh every nREFI
};

struct ChannelStats {
    long row_hits = 0, row_misses = 0, row_conflicts = 0, reads = 0, writes = 0, last_completion = 0;
    long read_latency_sum = 0;   // Σ over reads of completion − accept cycle: checks the frontend's timing too
    std::array<long, kCommandCount> commands{};
};

// What every channel shares: each request's completion cycle, and the count left, so that the
// last channel to finish one stops the simulation.
struct Completions {
    std::vector<long> cycle;   // by sequence; -1 until served
    long left = 0;
};

class Controller : public sc_core::sc_module {
  public:
    sc_core::sc_in<bool> clock;

    SC_HAS_PROCESS(Controller);
    Controller(sc_core::sc_module_name name, const Timing& timing, const ChannelShape& shape,
               const ControllerConfig& config, Completions& completions, sc_core::sc_time period);

    // The frontend's side (a direct call, as through a TLM-style non-blocking interface): false when
    // the request's queue is full; the frontend then retries on later cycles.
    bool try_accept(long sequence, int bank, long row, bool is_write, long cycle);
    bool queue_full(bool is_write) const { return (is_write ? writes_ : reads_).full(); }

    const ChannelStats& stats() const { return stats_; }

  private:
    void run();
    void step(long now);
    bool desired_write_mode() const;
    Command column_command(bool is_write) const;
    Command next_command(const Request& request) const;
    bool refresh_holds(int bank) const;
    void start_due_refresh(long now);
    struct RefreshStep { Command command; int bank; bool blocked; };
    RefreshStep next_refresh_command() const;
    void issue_refresh(const RefreshStep& step, long now);
    int choose_frfcfs(const boost::circular_buffer<Request>& queue, long now, Command& command) const;
    int choose_fcfs(const boost::circular_buffer<Request>& queue, long now, Command& command) const;
    void issue_from_queue(boost::circular_buffer<Request>& queue, int index, Command command, long now);
    void complete(const Request& request, Command command, long now);
    void close(int bank) { open_row_[bank] = -1; }

    Timing t_;
    ChannelShape shape_;
    ControllerConfig config_;
    ChannelTiming timing_;
    Completions& completions_;
    sc_core::sc_time period_;
    // Bounded request queues in arrival (= age) order: full() is the back-pressure the frontend
    // sees, and FR-FCFS takes from anywhere in them (erase keeps the order).
    boost::circular_buffer<Request> reads_, writes_, activated_;
    std::vector<long> open_row_;          // -1: precharged
    std::vector<int> activated_per_bank_; // a bank with activated requests may not be precharged
    std::vector<long> refresh_due_;       // per rank
    int refresh_rank_ = -1;               // the rank whose refresh is pending
    long refresh_interval_;
    bool write_mode_ = false;
    ChannelStats stats_;
};

}  // namespace dram

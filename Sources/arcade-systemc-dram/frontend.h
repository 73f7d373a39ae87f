// The trace frontend: offers the requests in trace order, up to `per_cycle` per memory cycle from
// cycle 0 (or not before a request's own arrival cycle), and stops while the head request's queue is
// full (back-pressure) — the frontend of Ramulator 2 and of Arcade's DRAMSimulation.
#pragma once

#include "controller.h"

#include <systemc>
#include <vector>

namespace dram {

struct TraceRequest {
    long arrival;   // -1: none (offered as soon as the frontend gets to it)
    int channel;
    int bank;
    long row;
    bool is_write;
};

class Frontend : public sc_core::sc_module {
  public:
    sc_core::sc_in<bool> clock;
    long last_accept_cycle = 0;

    SC_HAS_PROCESS(Frontend);
    Frontend(sc_core::sc_module_name name, const std::vector<TraceRequest>& trace, std::vector<Controller*> channels,
             int per_cycle, sc_core::sc_time period)
        : sc_module(name), trace_(trace), channels_(std::move(channels)), per_cycle_(per_cycle), period_(period) {
        SC_METHOD(offer);
        sensitive << clock.pos();
        dont_initialize();
    }

  private:
    void offer() {
        if (next_ == trace_.size()) return;
        const long now = static_cast<long>(sc_core::sc_time_stamp().value() / period_.value());
        for (int offered = 0; offered < per_cycle_ && next_ < trace_.size(); ++offered) {
            const TraceRequest& request = trace_[next_];
            if (request.arrival > now) return;
            if (!channels_[request.channel]->try_accept(static_cast<long>(next_), request.bank, request.row,
                                                       request.is_write, now))
                return;   // refused: offered again on the next edge (a slot frees only in a controller step)
            ++next_;
        }
        if (next_ == trace_.size()) last_accept_cycle = now;
    }

    const std::vector<TraceRequest>& trace_;
    std::vector<Controller*> channels_;
    int per_cycle_;
    sc_core::sc_time period_;
    size_t next_ = 0;
};

}  // namespace dram

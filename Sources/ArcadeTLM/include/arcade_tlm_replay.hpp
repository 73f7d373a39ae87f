// A TLM-2.0 traffic generator that replays an Arcade trace (header-only): a DRAM request trace into
// a DRAM target, or an address trace into a cache target (kinds beyond read/write in AccessKind).
//
// The trace is read by Arcade's own reader through the C ABI (arcade_trace_open), so a malformed
// trace gets the message `arcade simulate` gives. Approximately timed, it offers requests the way
// Arcade's trace frontend does (DRAMTraceSource): in trace order, at most requests_per_cycle per
// memory cycle from cycle 0, never before a request's arrival cycle, and it stops at a refused
// request (no END_REQ yet) until END_REQ, then goes on on that cycle. Loosely timed, each request is
// one b_transport starting at max(its arrival, the previous request's completion): a serialized
// replay, whose equal in Arcade is the same trace with those start cycles as arrival cycles
// (write_serialized_trace).
#ifndef ARCADE_TLM_REPLAY_HPP
#define ARCADE_TLM_REPLAY_HPP

#include "arcade_tlm.hpp"

#include <tlm_utils/simple_initiator_socket.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace arcade_tlm {

class TraceReplay : public sc_core::sc_module {
public:
    enum class Mode { approximately_timed, loosely_timed };
    tlm_utils::simple_initiator_socket<TraceReplay> socket;
    /// Per request, in trace order: the memory cycle it completed (-1: not yet, or an error).
    std::vector<int64_t> completion_cycles;
    /// Per request: the memory cycle it was first offered.
    std::vector<int64_t> offer_cycles;
    size_t errors = 0;
    /// Responses that came after the completion time Arcade reported (a cache's core; see
    /// CompletionTime), and the most memory cycles one was late.
    size_t late_responses = 0;
    int64_t max_late_cycles = 0;

    SC_HAS_PROCESS(TraceReplay);
    /// `memory`: the Arcade memory the trace targets (its clock, its frontend rate, its capacity).
    /// `per_cycle` overrides its frontend rate (offers per memory cycle; 0 = no limit).
    TraceReplay(sc_core::sc_module_name name, arcade_memory* memory, const std::string& trace_path, Mode mode,
                int per_cycle_override = -1)
        : sc_module(name), socket("socket"), mode(mode) {
        char message[4096];
        arcade_trace* trace = nullptr;
        int code = arcade_trace_open(trace_path.c_str(), memory, &trace, message, sizeof message);
        if (code != ARCADE_OK) throw Error(code, message);
        size_t count = arcade_trace_count(trace);
        addresses.resize(count);
        arrivals.resize(count);
        sizes.resize(count);
        kinds.resize(count);
        for (size_t i = 0; i < count; ++i) arcade_trace_request(trace, i, &addresses[i], &sizes[i], &kinds[i], &arrivals[i]);
        arcade_trace_destroy(trace);
        period = arcade_memory_period_ps(memory);
        per_cycle = per_cycle_override >= 0 ? per_cycle_override : arcade_memory_requests_per_cycle(memory);
        completion_cycles.assign(count, -1);
        offer_cycles.assign(count, -1);
        payloads.reset(new tlm::tlm_generic_payload[count]);
        socket.register_nb_transport_bw(this, &TraceReplay::nb_transport_bw);
        SC_THREAD(run);
    }

    size_t size() const { return addresses.size(); }
    bool finished() const { return completed == size(); }

    /// The trace with each request's serialized start cycle as its arrival (DRAMsim3 syntax).
    bool write_serialized_trace(const std::string& path) const {
        FILE* file = std::fopen(path.c_str(), "w");
        if (!file) return false;
        for (size_t i = 0; i < size(); ++i)
            std::fprintf(file, "0x%llx %s %lld\n", (unsigned long long)addresses[i], kinds[i] == ARCADE_WRITE ? "WRITE" : "READ",
                         (long long)offer_cycles[i]);
        return std::fclose(file) == 0;
    }

private:
    Mode mode;
    std::vector<uint64_t> addresses;
    std::vector<uint32_t> sizes;
    std::vector<int> kinds;
    std::vector<int64_t> arrivals;
    // One per request (its index is its id); payloads are neither copyable nor movable.
    std::unique_ptr<tlm::tlm_generic_payload[]> payloads;
    uint64_t period = 1;
    int per_cycle = 1;   // 0: no limit
    size_t completed = 0;
    sc_core::sc_event end_request, all_done;

    void prepare(size_t index) {
        tlm::tlm_generic_payload& payload = payloads[index];
        bool write = kinds[index] == ARCADE_WRITE;
        payload.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
        payload.set_address(addresses[index]);
        payload.set_data_ptr(nullptr);   // a timing model: no data moves
        payload.set_data_length(sizes[index]);
        payload.set_streaming_width(sizes[index]);
        if (kinds[index] != ARCADE_READ && kinds[index] != ARCADE_WRITE && !payload.get_extension<AccessKind>())
            payload.set_extension(new AccessKind(kinds[index]));   // the payload frees its extensions
        if (!payload.get_extension<CompletionTime>()) payload.set_extension(new CompletionTime);
        payload.set_byte_enable_ptr(nullptr);
        payload.set_dmi_allowed(false);
        payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    }

    void wait_until(uint64_t time) {
        uint64_t now = now_ps();
        if (time > now) sc_core::wait(picoseconds(time - now));
    }

    /// `time`: when the response arrived; the completion is Arcade's own time when it says one.
    void finish(size_t index, uint64_t time) {
        if (payloads[index].get_response_status() == tlm::TLM_OK_RESPONSE) {
            uint64_t completion = time;
            if (CompletionTime* reported = payloads[index].get_extension<CompletionTime>()) completion = reported->ps;
            if (completion < time) {
                ++late_responses;
                max_late_cycles = std::max(max_late_cycles, int64_t((time - completion) / period));
            }
            completion_cycles[index] = int64_t(completion / period);
        } else {
            ++errors;
        }
        if (++completed == size()) all_done.notify(sc_core::SC_ZERO_TIME);
    }

    void run() {
        if (mode == Mode::loosely_timed) run_loosely_timed(); else run_approximately_timed();
        if (!finished()) sc_core::wait(all_done);
    }

    void run_approximately_timed() {
        int64_t cycle = 0;
        size_t next = 0;
        while (next < size()) {
            wait_until(uint64_t(cycle) * period);
            int offered = 0;
            bool jumped = false;
            while ((per_cycle == 0 || offered < per_cycle) && next < size()) {
                if (arrivals[next] > cycle) { cycle = arrivals[next]; jumped = true; break; }
                prepare(next);
                offer_cycles[next] = cycle;
                tlm::tlm_phase phase = tlm::BEGIN_REQ;
                sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
                tlm::tlm_sync_enum status = socket->nb_transport_fw(payloads[next], phase, delay);
                if (status == tlm::TLM_COMPLETED) {
                    finish(next, now_ps() + delay.value());      // rejected (address error)
                } else if (!(status == tlm::TLM_UPDATED && phase == tlm::END_REQ)) {
                    sc_core::wait(end_request);                    // back-pressure: accepted later
                    cycle = int64_t(now_ps() / period);
                    offered = 0;
                }
                ++next;
                ++offered;
            }
            if (!jumped) ++cycle;
        }
    }

    void run_loosely_timed() {
        uint64_t ready = 0;
        for (size_t i = 0; i < size(); ++i) {
            uint64_t arrival = arrivals[i] < 0 ? 0 : uint64_t(arrivals[i]) * period;
            wait_until(std::max(arrival, ready));
            offer_cycles[i] = int64_t(now_ps() / period);
            prepare(i);
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            socket->b_transport(payloads[i], delay);
            ready = now_ps() + delay.value();
            finish(i, ready);
            sc_core::wait(delay);
        }
    }

    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& payload, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) {
        if (phase == tlm::END_REQ) {
            end_request.notify(delay);
            return tlm::TLM_ACCEPTED;
        }
        if (phase == tlm::BEGIN_RESP) {
            finish(size_t(&payload - payloads.get()), now_ps() + delay.value());
            return tlm::TLM_COMPLETED;   // ends the response at once: no END_RESP round trip
        }
        return tlm::TLM_ACCEPTED;
    }
};

}  // namespace arcade_tlm

#endif

// Arcade's memory-port components as TLM-2.0 targets (header-only; link libArcadeMemory.so and
// libsystemc): a DRAM, or a cache hierarchy with its memory behind it, from an architecture YAML.
//
//   arcade_tlm::MemoryTarget dram("dram", "Architectures/dram/ddr4-2400.yaml");
//   initiator.socket.bind(dram.socket);
//
// A cache target never refuses (END_REQ at once): its core's window of outstanding accesses is
// the back-pressure, and it shows in the completion times.
// Loosely timed: b_transport runs Arcade's kernel for that one request and adds its latency to
// the annotated delay. Approximately timed: nb_transport_fw BEGIN_REQ is answered END_REQ at once
// when Arcade's memory port accepts it, otherwise (back-pressure: the bank's queue is full) the
// request is held and END_REQ comes later, at the cycle Arcade frees a slot; BEGIN_RESP comes at
// the cycle the data transfer ends. The two kernels are kept in step: before every interaction the
// target runs Arcade up to sc_time_stamp(), and it wakes at Arcade's next event time, so with zero
// annotated delays every time on the socket is the time Arcade's own trace frontend would see.
// The SystemC time resolution must be 1 ps (Arcade's time unit; the default).
#ifndef ARCADE_TLM_HPP
#define ARCADE_TLM_HPP

#include "arcade_memory.h"

#include <boost/circular_buffer.hpp>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace arcade_tlm {

/// An error Arcade reported through the C ABI: `code` is the CLI's exit code (2: the input).
struct Error : std::runtime_error {
    int code;
    Error(int code, const std::string& message) : std::runtime_error(message), code(code) {}
};

/// The access kind for a cache target beyond TLM's read/write: ARCADE_INSTRUCTION (to the L1I),
/// ARCADE_MODIFY (a load then a store). Without it a read is ARCADE_READ, a write ARCADE_WRITE.
struct AccessKind : tlm::tlm_extension<AccessKind> {
    int kind = ARCADE_READ;
    explicit AccessKind(int kind = ARCADE_READ) : kind(kind) {}
    tlm::tlm_extension_base* clone() const override { return new AccessKind(kind); }
    void copy_from(const tlm::tlm_extension_base& other) override { kind = static_cast<const AccessKind&>(other).kind; }
};

/// Opt-in: an initiator that attaches one gets each response's completion time as Arcade worked it
/// out. For a DRAM that is always the BEGIN_RESP time. A cache's core evaluates its accesses in
/// program order and may learn a completion only after Arcade's kernel has passed it (an access
/// behind a miss whose transaction is sent later): that BEGIN_RESP comes late, and this says when
/// the access really completed.
struct CompletionTime : tlm::tlm_extension<CompletionTime> {
    uint64_t ps = 0;
    tlm::tlm_extension_base* clone() const override { auto* copy = new CompletionTime; copy->ps = ps; return copy; }
    void copy_from(const tlm::tlm_extension_base& other) override { ps = static_cast<const CompletionTime&>(other).ps; }
};

inline int access_kind(tlm::tlm_generic_payload& payload) {
    if (AccessKind* extension = payload.get_extension<AccessKind>()) return extension->kind;
    return payload.is_write() ? ARCADE_WRITE : ARCADE_READ;
}

inline uint64_t now_ps() { return sc_core::sc_time_stamp().value(); }
inline sc_core::sc_time picoseconds(uint64_t ps) { return sc_core::sc_time::from_value(ps); }

inline void require_picosecond_resolution() {
    if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS))
        throw Error(ARCADE_INPUT_ERROR, "the SystemC time resolution must be 1 ps (Arcade's time unit)");
}

class MemoryTarget : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<MemoryTarget> socket;

    SC_HAS_PROCESS(MemoryTarget);
    MemoryTarget(sc_core::sc_module_name name, const std::string& architecture_path)
        : sc_module(name), socket("socket"), responses(64) {
        require_picosecond_resolution();
        char message[4096];
        int code = arcade_memory_create(architecture_path.c_str(), &memory, message, sizeof message);
        if (code != ARCADE_OK) throw Error(code, message);
        socket.register_b_transport(this, &MemoryTarget::b_transport);
        socket.register_nb_transport_fw(this, &MemoryTarget::nb_transport_fw);
        SC_THREAD(run);
    }
    ~MemoryTarget() override { arcade_memory_destroy(memory); }
    MemoryTarget(const MemoryTarget&) = delete;
    MemoryTarget& operator=(const MemoryTarget&) = delete;

    /// The Arcade memory behind the socket (its clock, its stats, reading traces against it).
    arcade_memory* handle() const { return memory; }
    uint64_t period_ps() const { return arcade_memory_period_ps(memory); }

private:
    arcade_memory* memory = nullptr;
    uint64_t next_id = 0;
    std::unordered_map<uint64_t, tlm::tlm_generic_payload*> in_flight;
    // A BEGIN_REQ Arcade refused, held until its retry (the request exclusion rule allows one).
    tlm::tlm_generic_payload* held = nullptr;
    uint64_t held_id = 0;
    bool retry_pending = false;
    // Completed transactions waiting for BEGIN_RESP: several can complete on one edge (one per
    // channel) and the response exclusion rule sends one at a time, so a ring that grows when full.
    boost::circular_buffer<tlm::tlm_generic_payload*> responses;
    bool response_open = false;   // a BEGIN_RESP the initiator has not ended yet
    sc_core::sc_event wake;
    // The one b_transport in progress (loosely timed).
    bool lt_active = false, lt_done = false;
    uint64_t lt_id = 0, lt_time_ps = 0, lt_start_ps = 0;

    /// Runs Arcade over every event up to `time`, collecting retries and completions.
    void advance(uint64_t time) {
        if (arcade_memory_advance(memory, time) > 0) retry_pending = true;
        uint64_t ids[64], times[64];
        size_t count;
        while ((count = arcade_memory_take_completions(memory, ids, times, 64)) > 0) {
            for (size_t i = 0; i < count; ++i) {
                if (lt_active && ids[i] == lt_id) {
                    lt_done = true;
                    lt_time_ps = std::max(times[i], lt_start_ps);
                    continue;
                }
                auto found = in_flight.find(ids[i]);
                if (found == in_flight.end()) continue;   // not ours: cannot happen, one initiator port
                if (responses.full()) responses.set_capacity(responses.capacity() * 2);
                if (CompletionTime* completion = found->second->get_extension<CompletionTime>()) completion->ps = times[i];
                responses.push_back(found->second);
                in_flight.erase(found);
            }
        }
    }

    /// Wakes the thread at Arcade's next event, so completions are answered at their own time.
    void schedule_wake() {
        uint64_t next = arcade_memory_next_event_ps(memory), now = now_ps();
        if (next != ARCADE_NO_EVENT) wake.notify(next > now ? picoseconds(next - now) : sc_core::SC_ZERO_TIME);
    }

    /// Offers `payload` at `time`: 1 accepted, 0 refused, < 0 rejected (address error set).
    int offer(tlm::tlm_generic_payload& payload, uint64_t id, uint64_t time) {
        int result = arcade_memory_try_send(memory, id, payload.get_address(), payload.get_data_length(),
                                            access_kind(payload), time);
        if (result < 0) {
            SC_REPORT_WARNING(name(), arcade_memory_last_error(memory));
            payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        }
        return result;
    }

    void run() {
        while (true) {
            sc_core::wait(wake);
            uint64_t now = now_ps();
            advance(now);
            if (retry_pending && held) {
                retry_pending = false;
                int result = offer(*held, held_id, now);
                if (result != 0) {
                    tlm::tlm_generic_payload* payload = held;
                    held = nullptr;
                    if (result > 0) in_flight[held_id] = payload;
                    tlm::tlm_phase phase = tlm::END_REQ;
                    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
                    socket->nb_transport_bw(*payload, phase, delay);
                }
            }
            retry_pending = false;
            send_responses();
            schedule_wake();
        }
    }

    void send_responses() {
        while (!response_open && !responses.empty()) {
            tlm::tlm_generic_payload* payload = responses.front();
            responses.pop_front();
            payload->set_response_status(tlm::TLM_OK_RESPONSE);
            tlm::tlm_phase phase = tlm::BEGIN_RESP;
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            tlm::tlm_sync_enum status = socket->nb_transport_bw(*payload, phase, delay);
            // TLM_ACCEPTED: the initiator ends the response later with END_RESP.
            if (status == tlm::TLM_ACCEPTED) response_open = true;
        }
    }

    tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& payload, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) {
        if (phase == tlm::END_RESP) {
            response_open = false;
            wake.notify(sc_core::SC_ZERO_TIME);
            return tlm::TLM_COMPLETED;
        }
        if (phase != tlm::BEGIN_REQ) return tlm::TLM_ACCEPTED;
        if (held) SC_REPORT_FATAL(name(), "BEGIN_REQ before the END_REQ of the previous request");
        // Time only moves forward in Arcade: a request annotated into its past is taken now.
        uint64_t time = now_ps() + delay.value();
        advance(time);
        uint64_t id = next_id++;
        int result = offer(payload, id, time);
        if (!responses.empty()) wake.notify(sc_core::SC_ZERO_TIME);   // completions due at `time`
        if (result < 0) return tlm::TLM_COMPLETED;
        if (result == 0) {
            held = &payload;
            held_id = id;
            schedule_wake();
            return tlm::TLM_ACCEPTED;
        }
        in_flight[id] = &payload;
        schedule_wake();
        phase = tlm::END_REQ;
        return tlm::TLM_UPDATED;
    }

    /// Loosely timed: the request starts at sc_time_stamp() + delay; Arcade runs until it completes
    /// (waiting for a retry first if refused) and the delay becomes completion − sc_time_stamp().
    void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
        uint64_t start = now_ps() + delay.value();
        advance(start);
        lt_start_ps = start;
        lt_active = true;
        lt_done = false;
        lt_id = next_id++;
        uint64_t time = start;
        int result;
        while ((result = offer(payload, lt_id, time)) == 0) {
            retry_pending = false;
            while (!retry_pending) time = step_lt(time);
        }
        while (result > 0 && !lt_done) time = step_lt(time);
        lt_active = false;
        if (result < 0) return;
        payload.set_response_status(tlm::TLM_OK_RESPONSE);
        if (CompletionTime* completion = payload.get_extension<CompletionTime>()) completion->ps = lt_time_ps;
        delay = picoseconds(lt_time_ps - now_ps());
        if (!responses.empty()) wake.notify(sc_core::SC_ZERO_TIME);
    }

    /// One Arcade event forward for b_transport; an idle Arcade with the request unserved is a bug.
    uint64_t step_lt(uint64_t time) {
        uint64_t next = arcade_memory_next_event_ps(memory);
        if (next == ARCADE_NO_EVENT) SC_REPORT_FATAL(name(), "Arcade has nothing scheduled for a pending request");
        advance(next);
        return next > time ? next : time;
    }
};

}  // namespace arcade_tlm

#endif

// An example SystemC/TLM-2.0 platform with Arcade's DRAM as a memory target. Copy this folder:
// it builds against libArcadeMemory.so and the headers in Sources/ArcadeTLM/include (Makefile,
// README.md); the package also builds it as `arcade-tlm-platform` so CI checks it.
//
//   arcade-tlm-platform <dram.yaml> <trace> [<cache.yaml>]
//
// Two initiators, two Arcade targets: a DRAM trace replayed approximately timed (back-pressure
// through END_REQ) into an Arcade DRAM, and a CPU-like initiator doing blocking reads (loosely
// timed, b_transport) into an Arcade cache hierarchy (default Architectures/cache/zen3-5800x.yaml:
// three levels in front of a DDR4-3200 DRAM) — a strided block twice, so the second pass hits.
#include "arcade_tlm_replay.hpp"

#include <tlm_utils/simple_initiator_socket.h>

#include <cstdio>

// A minimal loosely timed initiator: reads a strided block twice, one b_transport at a time, and
// adds up the latencies Arcade annotates per pass.
struct BlockingReader : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<BlockingReader> socket;
    uint64_t latency_ps[2] = {0, 0};
    int reads = 0;

    SC_HAS_PROCESS(BlockingReader);
    explicit BlockingReader(sc_core::sc_module_name name) : sc_module(name), socket("socket") { SC_THREAD(run); }

    void run() {
        for (int pass = 0; pass < 2; ++pass)
        for (uint64_t address = 0; address < 16 * 4096; address += 4096) {
            tlm::tlm_generic_payload payload;
            payload.set_command(tlm::TLM_READ_COMMAND);
            payload.set_address(address);
            payload.set_data_length(64);
            payload.set_streaming_width(64);
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            socket->b_transport(payload, delay);
            if (payload.get_response_status() != tlm::TLM_OK_RESPONSE) SC_REPORT_ERROR(name(), "read failed");
            latency_ps[pass] += delay.value();
            ++reads;
            sc_core::wait(delay);   // no temporal decoupling: the next read starts when this one ends
        }
    }
};

int sc_main(int argc, char* argv[]) {
    if (argc != 3 && argc != 4) {
        std::fprintf(stderr, "usage: %s <dram.yaml> <trace> [<cache.yaml>]\n", argv[0]);
        return 2;
    }
    try {
        arcade_tlm::MemoryTarget dram("dram", argv[1]);
        arcade_tlm::MemoryTarget cache("cache", argc == 4 ? argv[3] : "Architectures/cache/zen3-5800x.yaml");
        arcade_tlm::TraceReplay replay("replay", dram.handle(), argv[2],
                                       arcade_tlm::TraceReplay::Mode::approximately_timed);
        BlockingReader reader("reader");
        replay.socket.bind(dram.socket);
        reader.socket.bind(cache.socket);
        sc_core::sc_start();

        arcade_memory_stats stats;
        arcade_memory_get_stats(dram.handle(), &stats);
        int64_t last = 0;
        for (int64_t cycle : replay.completion_cycles) last = std::max(last, cycle);
        std::printf("replay: requests=%zu completed=%llu refused=%llu cycles=%lld\n", replay.size(),
                    (unsigned long long)stats.served, (unsigned long long)stats.refused, (long long)last);
        std::printf("reader: reads=%d first_pass_mean_latency_ps=%llu second_pass_mean_latency_ps=%llu\n", reader.reads,
                    (unsigned long long)(reader.latency_ps[0] / 16), (unsigned long long)(reader.latency_ps[1] / 16));
        std::printf("sc_time_stamp_ps=%llu\n", (unsigned long long)sc_core::sc_time_stamp().value());
        return replay.finished() && replay.errors == 0 ? 0 : 1;
    } catch (const arcade_tlm::Error& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return error.code;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "error: %s\n", error.what());
        return 1;
    }
}

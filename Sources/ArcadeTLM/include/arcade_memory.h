/* Arcade's memory-port components behind a C ABI (issue 18): a DRAM built from an Arcade
 * architecture YAML, run by Arcade's own event kernel, driven from outside — a SystemC/TLM-2.0
 * platform (arcade_tlm.hpp), or any C/C++ program. Implemented in Swift (Sources/ArcadeCABI,
 * @_cdecl); link libArcadeMemory.so (`swift build -c release --product ArcadeMemory`).
 *
 * Time is integer picoseconds throughout (Arcade's one time type). Functions never abort on bad
 * input: they return a code, and the message is the one `arcade simulate` prints for that input
 * (file:line: what is wrong and what is allowed).
 */
#ifndef ARCADE_MEMORY_H
#define ARCADE_MEMORY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes: the CLI's exit codes. */
#define ARCADE_OK 0
#define ARCADE_INTERNAL_ERROR 1  /* an Arcade bug: please report it */
#define ARCADE_INPUT_ERROR 2     /* the user's input (architecture, trace, address, time) */

/* arcade_memory_next_event_ps when nothing is scheduled. */
#define ARCADE_NO_EVENT UINT64_MAX

typedef struct arcade_memory arcade_memory;
typedef struct arcade_trace arcade_trace;

typedef struct {
    uint64_t accepted;              /* transactions accepted by the memory port */
    uint64_t served;                /* ... and completed */
    uint64_t refused;               /* offers refused (back-pressure) */
    int64_t cycles;                 /* the family's own `cycles` so far (DRAM: until the last
                                       completion; cache: core cycles until its last event) */
    uint64_t events;                /* Arcade kernel events handled */
} arcade_memory_stats;

/* Access kinds (try_send, trace_request). A DRAM takes reads and writes; a cache hierarchy also
 * instruction fetches (to its L1I, if any) and modifies (a load then a store of the same bytes). */
#define ARCADE_READ 0
#define ARCADE_WRITE 1
#define ARCADE_INSTRUCTION 2
#define ARCADE_MODIFY 3

/* Builds the memory an architecture YAML describes: family dram (the channel controllers), or
 * family cache (the trace-driven core, the levels, and the memory: behind them — a DRAM
 * architecture or a fixed latency), whose core issues the offered accesses in order, one per core
 * cycle and at most outstanding_accesses in flight, never before their offer. On failure returns the code,
 * *memory = NULL, and the message in message[0..capacity) (NUL-terminated, truncated). */
int arcade_memory_create(const char *architecture_path, arcade_memory **memory, char *message,
                         size_t message_capacity);
void arcade_memory_destroy(arcade_memory *memory);

/* The memory clock period (tCK) in picoseconds: cycle c is the edge at c * period. */
uint64_t arcade_memory_period_ps(const arcade_memory *memory);
/* How many requests Arcade's own trace frontend offers per memory cycle (controller config); 0: no
 * limit (a cache: its core takes the stream and paces it itself). */
int arcade_memory_requests_per_cycle(const arcade_memory *memory);
/* Bytes per transaction (the DRAM's access granularity; a cache's first-level line). */
uint32_t arcade_memory_access_bytes(const arcade_memory *memory);

/* Runs Arcade's kernel up to time_ps, then offers transaction `id` (`bytes` long, an ARCADE_* kind;
 * a DRAM ignores bytes: it moves its access granularity) at time_ps.
 * Returns 1 accepted, 0 refused (queue full: arcade_memory_advance later reports a retry, after
 * which the transaction may be offered again), or -ARCADE_INPUT_ERROR when time_ps is before
 * Arcade's current time or the address is beyond the capacity (see arcade_memory_last_error). */
int arcade_memory_try_send(arcade_memory *memory, uint64_t id, uint64_t address, uint32_t bytes, int kind,
                           uint64_t time_ps);
/* Runs Arcade's kernel over every event at or before until_ps. Returns how many retries (permission
 * to offer again after a refusal) were delivered; completions are collected for take_completions. */
uint32_t arcade_memory_advance(arcade_memory *memory, uint64_t until_ps);
/* Moves up to `capacity` collected completions (transaction id, completion time in ps) out, in
 * the order they completed; returns how many. */
size_t arcade_memory_take_completions(arcade_memory *memory, uint64_t *ids, uint64_t *times_ps,
                                      size_t capacity);
/* The time of Arcade's next pending event, or ARCADE_NO_EVENT. */
uint64_t arcade_memory_next_event_ps(arcade_memory *memory);
void arcade_memory_get_stats(const arcade_memory *memory, arcade_memory_stats *stats);
/* The message of the last failed try_send (empty if none); valid until the next call. */
const char *arcade_memory_last_error(const arcade_memory *memory);

/* Reads a trace for `memory` with Arcade's reader and checks it exactly as `arcade simulate` does:
 * for a DRAM a request trace (Ramulator 2 `LD 0x40`, Ramulator 1 `0x40 R`, DRAMsim3
 * `0x40 READ 12`), for a cache an address trace (valgrind lackey, plain `R 0x40 8`, gzip'd or not). */
int arcade_trace_open(const char *trace_path, const arcade_memory *memory, arcade_trace **trace,
                      char *message, size_t message_capacity);
void arcade_trace_destroy(arcade_trace *trace);
size_t arcade_trace_count(const arcade_trace *trace);
/* Request `index`: address, bytes, ARCADE_* kind, arrival memory cycle (-1: none, offer when accepted). */
void arcade_trace_request(const arcade_trace *trace, size_t index, uint64_t *address, uint32_t *bytes, int *kind,
                          int64_t *arrival_cycle);

/* Arcade alone: runs the trace as `arcade simulate` does (no outside kernel) and writes each
 * request's completion cycle (memory cycles; a cache: core cycles) to completion_cycles[0..count)
 * (may be NULL); *cycles = the run's `cycles` total. The reference an outside replay is compared with. */
int arcade_memory_run_alone(arcade_memory *memory, const arcade_trace *trace, int64_t *completion_cycles,
                            int64_t *cycles, char *message, size_t message_capacity);

#ifdef __cplusplus
}
#endif
#endif

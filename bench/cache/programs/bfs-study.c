/* Repeated breadth-first search on one deterministic pseudo-random directed graph in CSR form,
 * for a cache capacity study.
 * Usage: bfs-study [vertices] [edges] [searches]   (default 8192 49152 3)
 * The graph is the one bfs.c builds for the same arguments: a ring v -> v+1 (mod V) plus `edges` random edges from
 * a 64-bit LCG (Knuth's MMIX constants) with a fixed seed. Then `searches` BFS runs traverse it,
 * run k starting at vertex (k * V) / searches, each resetting dist[] first. Every run reads the
 * whole graph (offsets, targets) and writes dist[] and queue[], so the traversal phase's data
 * working set is 8 * (V + 1) + 8 * (V + edges) + 16 * V bytes (about 32 * V + 8 * edges), reused
 * from run to run in a different order. Vertex ids, offsets and distances are int64_t, as in the
 * Graph500 reference BFS (which also searches from many roots of one graph); this also halves the
 * accesses per byte of working set compared with bfs.c's ints.
 *
 * The traversal phase is bracketed by calls to trace_begin() and trace_end(), two empty
 * functions (a bare `ret`) that are never inlined or removed: bench/cache/record-traces.sh keeps
 * only the data accesses of the instructions after trace_begin returns and before the call to
 * trace_end, so the graph construction (and start-up and exit) is not in the trace.
 * Prints the reached vertices and the depth of the last-reached vertex, summed over the runs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef int64_t vid; /* vertex ids, edge offsets and distances */

static unsigned long long lcg_state = 0x2545F4914F6CDD1DULL;

static unsigned int lcg_next(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned int)(lcg_state >> 33);
}

__attribute__((noipa)) void trace_begin(void) { __asm__ volatile(""); }
__attribute__((noipa)) void trace_end(void) { __asm__ volatile(""); }

int main(int argc, char **argv) {
    int vertices = argc > 1 ? atoi(argv[1]) : 8192;
    int random_edges = argc > 2 ? atoi(argv[2]) : 49152;
    int searches = argc > 3 ? atoi(argv[3]) : 3;
    if (vertices <= 0 || random_edges < 0 || searches <= 0) {
        fprintf(stderr, "bfs-study: need vertices > 0, edges >= 0 and searches > 0\n");
        return 2;
    }
    int edges = random_edges + vertices;
    vid *src = malloc((size_t)edges * sizeof *src);
    vid *dst = malloc((size_t)edges * sizeof *dst);
    vid *offsets = calloc((size_t)vertices + 1, sizeof *offsets);
    vid *targets = malloc((size_t)edges * sizeof *targets);
    vid *fill = malloc((size_t)vertices * sizeof *fill);
    vid *dist = malloc((size_t)vertices * sizeof *dist);
    vid *queue = malloc((size_t)vertices * sizeof *queue);
    if (!src || !dst || !offsets || !targets || !fill || !dist || !queue) {
        fprintf(stderr, "bfs-study: out of memory\n");
        return 1;
    }
    /* Edge list: a ring plus random edges. */
    for (int v = 0; v < vertices; v++) {
        src[v] = v;
        dst[v] = (v + 1) % vertices;
    }
    for (int e = vertices; e < edges; e++) {
        src[e] = (vid)(lcg_next() % (unsigned int)vertices);
        dst[e] = (vid)(lcg_next() % (unsigned int)vertices);
    }
    /* CSR: count out-degrees, exclusive prefix sum, scatter. */
    for (int e = 0; e < edges; e++) {
        offsets[src[e] + 1]++;
    }
    for (int v = 0; v < vertices; v++) {
        offsets[v + 1] += offsets[v];
    }
    for (int v = 0; v < vertices; v++) {
        fill[v] = offsets[v];
    }
    for (int e = 0; e < edges; e++) {
        targets[fill[src[e]]++] = dst[e];
    }
    /* The traced phase: `searches` BFS runs over the same graph. */
    long long sum = 0;
    long long reached = 0;
    trace_begin();
    for (int k = 0; k < searches; k++) {
        int start = (int)(((long long)k * vertices) / searches);
        for (int v = 0; v < vertices; v++) {
            dist[v] = -1;
        }
        vid head = 0, tail = 0;
        dist[start] = 0;
        queue[tail++] = start;
        while (head < tail) {
            vid u = queue[head++];
            for (vid i = offsets[u]; i < offsets[u + 1]; i++) {
                vid w = targets[i];
                if (dist[w] < 0) {
                    dist[w] = dist[u] + 1;
                    queue[tail++] = w;
                }
            }
        }
        reached += tail;
        sum += dist[queue[tail - 1]];
    }
    trace_end();
    printf("bfs-study vertices=%d edges=%d searches=%d reached=%lld depth_sum=%lld\n",
           vertices, edges, searches, reached, sum);
    free(queue);
    free(dist);
    free(fill);
    free(targets);
    free(offsets);
    free(dst);
    free(src);
    return 0;
}

/* Repeated breadth-first search on one deterministic pseudo-random directed graph in CSR form,
 * for a cache capacity study.
 * Usage: bfs-study [vertices] [edges] [searches]   (default 16384 65536 4)
 * The graph is built exactly as in bfs.c: a ring v -> v+1 (mod V) plus `edges` random edges from
 * a 64-bit LCG (Knuth's MMIX constants) with a fixed seed. Then `searches` BFS runs traverse it,
 * run k starting at vertex (k * V) / searches, each resetting dist[] first. Every run reads the
 * whole graph (offsets, targets) and writes dist[] and queue[], so the traversal phase's data
 * working set is 4 * (V + 1) + 4 * (V + edges) + 8 * V bytes (about 16 * V + 4 * edges), reused
 * from run to run in a different order.
 *
 * The traversal phase is bracketed by calls to trace_begin() and trace_end(), two empty
 * functions that are never inlined or removed: bench/cache/record-traces.sh keeps only the
 * accesses between the first instruction at trace_begin's address and the first at
 * trace_end's, so the graph construction (and start-up and exit) is not in the trace.
 * Prints the reached vertices and the depth of the last-reached vertex, summed over the runs. */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long lcg_state = 0x2545F4914F6CDD1DULL;

static unsigned int lcg_next(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned int)(lcg_state >> 33);
}

__attribute__((noipa)) void trace_begin(void) { __asm__ volatile(""); }
__attribute__((noipa)) void trace_end(void) { __asm__ volatile(""); }

int main(int argc, char **argv) {
    int vertices = argc > 1 ? atoi(argv[1]) : 16384;
    int random_edges = argc > 2 ? atoi(argv[2]) : 65536;
    int searches = argc > 3 ? atoi(argv[3]) : 4;
    if (vertices <= 0 || random_edges < 0 || searches <= 0) {
        fprintf(stderr, "bfs-study: need vertices > 0, edges >= 0 and searches > 0\n");
        return 2;
    }
    int edges = random_edges + vertices;
    int *src = malloc((size_t)edges * sizeof *src);
    int *dst = malloc((size_t)edges * sizeof *dst);
    int *offsets = calloc((size_t)vertices + 1, sizeof *offsets);
    int *targets = malloc((size_t)edges * sizeof *targets);
    int *fill = malloc((size_t)vertices * sizeof *fill);
    int *dist = malloc((size_t)vertices * sizeof *dist);
    int *queue = malloc((size_t)vertices * sizeof *queue);
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
        src[e] = (int)(lcg_next() % (unsigned int)vertices);
        dst[e] = (int)(lcg_next() % (unsigned int)vertices);
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
        int head = 0, tail = 0;
        dist[start] = 0;
        queue[tail++] = start;
        while (head < tail) {
            int u = queue[head++];
            for (int i = offsets[u]; i < offsets[u + 1]; i++) {
                int w = targets[i];
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

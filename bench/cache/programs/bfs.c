/* Breadth-first search from vertex 0 on a deterministic pseudo-random directed graph in CSR form.
 * Usage: bfs [vertices] [edges]   (default 2000 8000)
 * Edges come from a tiny 64-bit LCG (Knuth's MMIX constants), seeded with a fixed value, so the
 * graph, and the program's memory accesses, are the same on every run. Each vertex v also gets
 * the edge v -> v+1 (mod V) so that every vertex is reachable. Prints the number of reached
 * vertices and the sum of distances. Used by bench/cache/record-traces.sh. */
#include <stdio.h>
#include <stdlib.h>

static unsigned long long lcg_state = 0x2545F4914F6CDD1DULL;

static unsigned int lcg_next(void) {
    lcg_state = lcg_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned int)(lcg_state >> 33);
}

int main(int argc, char **argv) {
    int vertices = argc > 1 ? atoi(argv[1]) : 2000;
    int random_edges = argc > 2 ? atoi(argv[2]) : 8000;
    if (vertices <= 0 || random_edges < 0) {
        fprintf(stderr, "bfs: need vertices > 0 and edges >= 0\n");
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
        fprintf(stderr, "bfs: out of memory\n");
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
    /* BFS from vertex 0. */
    for (int v = 0; v < vertices; v++) {
        dist[v] = -1;
    }
    int head = 0, tail = 0;
    dist[0] = 0;
    queue[tail++] = 0;
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
    long long sum = 0;
    for (int v = 0; v < vertices; v++) {
        sum += dist[v];
    }
    printf("bfs vertices=%d edges=%d reached=%d distance_sum=%lld\n", vertices, edges, tail, sum);
    free(queue);
    free(dist);
    free(fill);
    free(targets);
    free(offsets);
    free(dst);
    free(src);
    return 0;
}

/* Naive triple-loop matrix multiply C = A * B on n x n doubles (row-major, heap-allocated).
 * Usage: matmul [n]   (default 24)
 * Deterministic inputs (no randomness); prints a checksum so the work is not optimised away.
 * Used by bench/cache/record-traces.sh to record a valgrind lackey memory trace. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 24;
    if (n <= 0) {
        fprintf(stderr, "matmul: n must be positive\n");
        return 2;
    }
    size_t count = (size_t)n * (size_t)n;
    double *a = malloc(count * sizeof *a);
    double *b = malloc(count * sizeof *b);
    double *c = malloc(count * sizeof *c);
    if (!a || !b || !c) {
        fprintf(stderr, "matmul: out of memory\n");
        return 1;
    }
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            a[i * n + j] = (double)((i * 7 + j * 3) % 11) - 5.0;
            b[i * n + j] = (double)((i * 5 + j * 13) % 17) * 0.25;
        }
    }
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double sum = 0.0;
            for (int k = 0; k < n; k++) {
                sum += a[i * n + k] * b[k * n + j];
            }
            c[i * n + j] = sum;
        }
    }
    double checksum = 0.0;
    for (size_t i = 0; i < count; i++) {
        checksum += c[i] * (double)(i % 13 + 1);
    }
    printf("matmul n=%d checksum=%.6f\n", n, checksum);
    free(c);
    free(b);
    free(a);
    return 0;
}

// zlib's gzip reader, for gzip'd address traces (Workloads/traces/*.gz).
#include <zlib.h>

/// Shape of a calendar queue: `bucketCount` buckets, each `bucketWidthPicoseconds` wide, both
/// powers of two so a time maps to its bucket with a shift and a mask. One "year"
/// (`bucketCount · bucketWidthPicoseconds`) is the horizon the buckets cover; events further
/// away wait in an overflow heap. The bucket being drained is split into one slot per
/// picosecond, so its events need no sorting (see `CalendarQueue`).
///
/// The default, 1024 buckets × 4096 ps (a ~4.2 µs year), suits models whose events are a few
/// hundred ps to a few µs apart (clock edges, DRAM timings, transfers); refresh timers and the
/// like go to the overflow heap. It was also the fastest on the hold benchmark at 1k and 100k
/// pending events (1024 ps and 256 ps were 5–15% slower). Memory: 8 bytes per bucket and
/// per picosecond slot (~40 KB) plus the events.
public struct CalendarGeometry: Hashable, Sendable {
    public var bucketCount: Int
    public var bucketWidthPicoseconds: Picoseconds

    @inlinable
    public init(bucketCount: Int = 1024, bucketWidthPicoseconds: Picoseconds = 4096) {
        precondition(bucketCount >= 64 && bucketCount & (bucketCount - 1) == 0,
                     "bucketCount must be a power of two ≥ 64, got \(bucketCount)")
        // ≤ 4096 so one 64-bit summary word covers the per-picosecond slot bitmap.
        precondition((64...4096).contains(bucketWidthPicoseconds)
                     && bucketWidthPicoseconds & (bucketWidthPicoseconds - 1) == 0,
                     "bucketWidthPicoseconds must be a power of two in 64…4096, got \(bucketWidthPicoseconds)")
        self.bucketCount = bucketCount
        self.bucketWidthPicoseconds = bucketWidthPicoseconds
    }

    /// The latest time a calendar queue accepts: 2^63 − 1 ps, about 106 days.
    public static let latestTime: Picoseconds = Picoseconds(Int64.max)

    /// The time span the buckets cover, in picoseconds.
    public var yearPicoseconds: Picoseconds { Picoseconds(bucketCount) * bucketWidthPicoseconds }
}

import ArcadeCore
import ArcadeKernel
import Testing
@testable import ArcadeHardware

/// SDPA on streaming dataflow (Sohn, Zhang, Olukotun, arXiv 2404.16629): the naive graph's FIFO
/// depth threshold and throughput, the reordered graph's O(1) FIFOs at the same throughput, and
/// the cycle counts derived by hand from DAM's timing rules (DataflowUnit, BoundedChannel+RunAhead).
@Suite("Dataflow: SDPA naive vs reordered")
struct DataflowSDPATests {
    typealias S = DataflowTestSupport

    /// Reordered, by hand. Nothing ever blocks (every FIFO is 12 deep, more than any unit's
    /// latency + 1), so K's source fires at cycles 0 … N²−1 and its token f is visible at f + 1.
    /// QKᵀ fires on it at f + 1 and stamps the score f + 1 + L (L = 1 + log2 D); the running max
    /// fires then and stamps δ, c one cycle later; each fork adds one; the running output fires at
    /// f + 3 + L and, at a row's end, stamps o at f + 4 + L; the divide fires then and the sink takes
    /// the result at f + 5 + L. The last f is N² − 1: cycles = N² + 5 + log2 D.
    @Test(arguments: [(16, 4), (32, 4), (64, 16), (128, 16), (64, 64)])
    func reorderedRunsAtFullThroughput(n: Int, d: Int) throws {
        let report = try S.run(try S.shipped("sdpa-reordered"), n: n, d: d)
        #expect(S.int(report, "cycles") == Int64(n * n + 5 + d.trailingZeroBitCount))
        #expect(S.int(report, "peak_fifo_occupancy")! <= 12)
    }

    /// Naive, by hand, once the bypass FIFOs hold a row plus the pipeline (depth ≥ N + 2): the
    /// last score leaves QKᵀ at N² + L, so the row max of the last row is known at N² + L + 2; the
    /// subtract then streams that row (N cycles), the row sum finishes it 3 cycles later (exp, fork,
    /// reduce), the divide streams it again (N cycles) and the outer product and sink add one each:
    /// cycles = N² + 2N + 7 + log2 D.
    @Test(arguments: [(16, 4), (32, 4), (64, 16), (128, 16)])
    func naiveAtFullThroughput(n: Int, d: Int) throws {
        let model = try S.shipped("sdpa-naive", replacing: "depth: N + 1", with: "depth: N + 2")
        let report = try S.run(model, n: n, d: d)
        #expect(S.int(report, "cycles") == Int64(n * n + 2 * n + 7 + d.trailingZeroBitCount))
        // It holds at most N + 1 scores; the last slot is the credit still travelling back.
        #expect(S.channel(report, "scores_long", "peak_occupancy") == .int(Int64(n + 1)))
    }

    /// Below N + 2, each missing slot of the bypass FIFOs stalls QKᵀ one cycle at every row
    /// boundary but the first: N − 1 cycles per slot. The shipped depth N + 1 (the peer's) is
    /// therefore N − 1 cycles (0.2% at N = 512) from full throughput.
    @Test(arguments: [16, 32, 64])
    func eachMissingSlotCostsOneCyclePerRow(n: Int) throws {
        let d = 4
        let full = Int64(n * n + 2 * n + 7 + d.trailingZeroBitCount)
        for missing in 1...4 {
            let depth = 2 - missing >= 0 ? "N + \(2 - missing)" : "N - \(missing - 2)"
            let model = try S.shipped("sdpa-naive", replacing: "depth: N + 1", with: "depth: \(depth)")
            #expect(S.int(try S.run(model, n: n, d: d), "cycles") == full + Int64(missing * (n - 1)), "depth \(depth)")
        }
        #expect(S.int(try S.run(try S.shipped("sdpa-naive"), n: n, d: d), "cycles") == full + Int64(n - 1))
    }

    /// The deadlock threshold is N − 2, exactly. The row max of row i is emitted only after the
    /// row's last score reaches it, and the fork sends each score to the row max before the bypass
    /// FIFO. So the bypass FIFO must take scores 0 … N − 2 of the row while the subtract waits for
    /// the row max — minus one the subtract already holds (it takes its bypass input first, as
    /// DAM's BinaryOpOut2 does): N − 2 slots. With N − 3 the fork blocks on the full bypass FIFO
    /// holding score N − 2, the row max never sees score N − 1, and every unit waits on another.
    @Test(arguments: [8, 16, 64, 100])
    func naiveDeadlocksBelowNMinusTwo(n: Int) throws {
        let justEnough = try S.shipped("sdpa-naive", replacing: "depth: N + 1", with: "depth: N - 2")
        #expect(S.int(try S.run(justEnough, n: n, d: 4), "cycles") != nil)
        let tooShallow = try S.shipped("sdpa-naive", replacing: "depth: N + 1", with: "depth: N - 3")
        do {
            _ = try S.run(tooShallow, n: n, d: 4)
            Issue.record("depth N − 3 did not deadlock at N = \(n)")
        } catch let deadlock as DeadlockReport {
            #expect(deadlock.fullChannels.map(\.name).contains("scores_long"))
            #expect(deadlock.emptyChannels.map(\.name).contains("scores_short"))
            #expect(deadlock.blockedComponents.contains { $0.name == "fork_scores" && $0.status.contains("waiting to send on scores_long") })
            #expect(deadlock.blockedComponents.contains { $0.name == "sub" && $0.status.contains("rowmax_out") })
        }
    }

    /// Peak FIFO occupancy: O(N) for naive (its bypass FIFOs fill to their depth), O(1) for
    /// reordered, whose intermediate FIFOs never hold more than a few elements at any N.
    @Test func occupancyGrowsWithNOnlyForNaive() throws {
        let naive = try S.shipped("sdpa-naive"), reordered = try S.shipped("sdpa-reordered")
        for n in [16, 64, 256] {
            let a = try S.run(naive, n: n, d: 4), b = try S.run(reordered, n: n, d: 4)
            #expect(S.int(a, "peak_fifo_occupancy") == Int64(n + 1))
            #expect(S.int(b, "peak_fifo_occupancy")! <= 12)
            for name in ["scores", "delta", "c", "delta_sum", "c_out", "row_sum", "row_out"] {
                if case .int(let peak)? = S.channel(b, name, "peak_occupancy") { #expect(peak <= 4, "\(name) at N = \(n)") }
            }
        }
    }

    /// The same inputs and seed give the same report, bit for bit; another seed changes the values only.
    @Test func runsAreDeterministic() throws {
        let model = try S.shipped("sdpa-naive")
        let first = try S.run(model, n: 32, d: 8, heads: 2, seed: 3)
        #expect(first == (try S.run(model, n: 32, d: 8, heads: 2, seed: 3)))
        let other = try S.run(model, n: 32, d: 8, heads: 2, seed: 4)
        #expect(S.int(first, "cycles") == S.int(other, "cycles"))
        #expect(S.double(first, "max_abs_error") != S.double(other, "max_abs_error"))
    }

    /// Several heads run one after another: cycles add up per head (the pipeline does not drain
    /// between heads, so H·N² + one pipeline latency for reordered).
    @Test func headsRunBackToBack() throws {
        let report = try S.run(try S.shipped("sdpa-reordered"), n: 32, d: 16, heads: 3)
        #expect(S.int(report, "cycles") == Int64(3 * 32 * 32 + 5 + 4))
        #expect(S.int(report, "outputs") == Int64(3 * 32 * 16))
    }
}

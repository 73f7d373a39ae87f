import ArcadeCore
import ArcadeKernel
import Testing
@testable import ArcadeHardware

/// Small graphs whose cycles are worked out by hand in the comments, and every kind of bad graph
/// refused with an input error naming file, line and field.
@Suite("Dataflow: graphs")
struct DataflowGraphTests {
    typealias S = DataflowTestSupport

    static let dotGraph = """
        family: dataflow
        units:
          q: {kind: source, tensor: q}
          k: {kind: source, tensor: k, passes: N}
          dot: {kind: dot_product, latency: 3}
          out: {kind: sink}
        channels:
          q_in: {from: q.out, to: dot.q, depth: 8}
          k_in: {from: k.out, to: dot.k, depth: K_DEPTH}
          scores: {from: dot.out, to: out.in, depth: 8}
        """

    /// N = 2, deep FIFOs: q rows visible at 1, 2; k tokens at 1, 2, 3, 4. The dot product fires at
    /// 1 (q0, k0), 2 (k1), 3 (q1, k2), 4 (k3), stamping each + 3; the sink takes them at 4, 5, 6, 7.
    @Test func dotProductByHand() throws {
        let model = try S.graph(Self.dotGraph.replacingOccurrences(of: "K_DEPTH", with: "8"))
        let report = try S.run(model, n: 2, d: 2)
        #expect(S.int(report, "cycles") == 7)
        #expect(S.int(report, "sender_blocked_cycles") == 0)
        #expect(S.int(report, "firings") == Int64(2 + 4 + 4 + 4))
    }

    /// The same with K on a depth-1 FIFO: each k token's slot comes back one cycle after the dot
    /// product takes it, so k is sent at 0, 2, 4, 6 (visible 1, 3, 5, 7), the source blocked 1
    /// cycle before each of the last three. The dot product fires at 1, 3, 5, 7; the sink takes
    /// the last score at 10.
    @Test func depthOneFIFOHalvesTheRate() throws {
        let model = try S.graph(Self.dotGraph.replacingOccurrences(of: "K_DEPTH", with: "1"))
        let report = try S.run(model, n: 2, d: 2)
        #expect(S.int(report, "cycles") == 10)
        #expect(S.channel(report, "k_in", "sender_blocked_cycles") == .int(3))
        #expect(S.channel(report, "k_in", "peak_occupancy") == .int(1))
    }

    /// The values: q_i · k_j in row-major order.
    @Test func dotProductValues() throws {
        let model = try S.graph(Self.dotGraph.replacingOccurrences(of: "K_DEPTH", with: "2"))
        let workload = AttentionWorkload(sequenceLength: 3, headDim: 5, seed: 9)
        let run = try DataflowRun.run(try DataflowGraph(template: model.graph, workload: workload, file: "t"))
        let (q, k, _) = workload.inputs(format: .fp32)
        var want: [Float] = []
        for i in 0..<3 { for j in 0..<3 { want.append((0..<5).reduce(Float(0)) { $0 + q[i * 5 + $1] * k[j * 5 + $1] }) } }
        #expect(zip(run.outputScalars, want).allSatisfy { abs($0 - $1) <= 1e-6 })
        #expect(run.outputScalars.count == 9)
    }

    /// Lanes: a dot product with half the lanes of D takes two cycles per firing.
    @Test func fewerLanesLengthenTheInterval() throws {
        let model = try S.graph(Self.dotGraph.replacingOccurrences(of: "K_DEPTH", with: "8")
            .replacingOccurrences(of: "latency: 3}", with: "latency: 3, lanes: 1}"))
        let report = try S.run(model, n: 2, d: 2)
        // Firings at 1, 3, 5, 7 (interval 2), last stamped 7 + 3.
        #expect(S.int(report, "cycles") == 10)
    }

    /// A scratchpad holding K: rows written once per head, replayed N times; a row of D = 8 words
    /// over 4 banks with 1 port reads in 2 cycles (1 conflict cycle per read).
    @Test func scratchpadBankConflicts() throws {
        let text = """
            family: dataflow
            units:
              q: {kind: source, tensor: q}
              k: {kind: source, tensor: k}
              kbuf: {kind: scratchpad, capacity_bytes: 4096, banks: 4, ports: 1, passes: N}
              dot: {kind: dot_product}
              out: {kind: sink}
            channels:
              q_in: {from: q.out, to: dot.q, depth: 4}
              k_in: {from: k.out, to: kbuf.in, depth: 4}
              k_replay: {from: kbuf.out, to: dot.k, depth: 4}
              scores: {from: dot.out, to: out.in, depth: 4}
            """
        let report = try S.run(try S.graph(text), n: 4, d: 8)
        #expect(S.int(report, "bank_conflict_cycles") == 16)       // 16 row reads × 1 cycle
        #expect(S.int(report, "outputs") == 16)
        let tooSmall = try S.graph(text.replacingOccurrences(of: "capacity_bytes: 4096", with: "capacity_bytes: 64"))
        #expect(throws: InputError.self) { _ = try S.run(tooSmall, n: 4, d: 8) }
    }

    // MARK: Bad graphs

    static let good = """
        family: dataflow
        units:
          q: {kind: source, tensor: q}
          k: {kind: source, tensor: k, passes: N}
          dot: {kind: dot_product}
          out: {kind: sink}
        channels:
          q_in: {from: q.out, to: dot.q, depth: 2}
          k_in: {from: k.out, to: dot.k, depth: 2}
          scores: {from: dot.out, to: out.in, depth: 2}
        """

    static func refusal(_ old: String, _ new: String, n: Int = 4, d: Int = 2) -> InputError? {
        precondition(good.contains(old))
        do {
            let model = try S.graph(good.replacingOccurrences(of: old, with: new), file: "bad.yaml")
            _ = try S.run(model, n: n, d: d)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return InputError("unexpected \(error)")
        }
    }

    @Test func goodGraphRuns() throws { #expect(S.int(try S.run(try S.graph(Self.good), n: 4, d: 2), "outputs") == 16) }

    @Test(arguments: [
        // (old, new, field, line, words of the message)
        ("kind: dot_product", "kind: dot", "units.dot.kind", 5, "allowed: source"),
        ("to: dot.k, depth: 2", "to: dot.q, depth: 2", "channels.k_in.to", 9, "connected twice"),
        ("from: k.out, to: dot.k, depth: 2", "from: q.out, to: dot.k, depth: 2", "channels.k_in.from", 9, "connected twice"),
        ("  scores: {from: dot.out, to: out.in, depth: 2}", "", "units.dot", 5, "not connected"),
        ("to: out.in", "to: out.input", "channels.scores.to", 10, "allowed: in"),
        // q_in takes dot.k first, so k_in is the second connection of that input.
        ("from: q.out, to: dot.q", "from: q.out, to: dot.k", "channels.k_in.to", 9, "connected twice"),
        ("depth: 2}\n  k_in", "depth: 0}\n  k_in", "channels.q_in.depth", 8, "allowed: 1"),
        ("depth: 2}\n  k_in", "depth: N +}\n  k_in", "channels.q_in.depth", 8, "ends too early"),
        ("depth: 2}\n  k_in", "depth: M}\n  k_in", "channels.q_in.depth", 8, "unknown name 'M'"),
        // K streamed twice, not N times: the dot product fires 8 times, so it wants 2 rows of Q, not 4.
        ("passes: N", "passes: 2", "channels.q_in", 8, "rate mismatch"),
        ("kind: dot_product}", "kind: dot_product, op: max}", "units.dot.op", 5, "has no parameter 'op'"),
        ("from: dot.out, to: out.in", "from: k.out, to: out.in", "channels.scores.from", 10, "connected twice"),
        ("from: dot.out, to: out.in", "from: dott.out, to: out.in", "channels.scores.from", 10, "unknown unit 'dott'"),
        ("kind: source, tensor: q}", "kind: source, tensor: x}", "units.q.tensor", 3, "allowed: q, k, v"),
    ] as [(String, String, String, Int, String)])
    func badGraphsAreInputErrors(old: String, new: String, field: String, line: Int, words: String) throws {
        let error = try #require(Self.refusal(old, new), "accepted: \(new)")
        #expect(error.file == "bad.yaml", "\(error)")
        #expect(error.field == field, "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(words), "\(error)")
    }

    @Test func typeMismatchIsAnInputError() throws {
        let text = Self.good.replacingOccurrences(of: "  scores: {from: dot.out, to: out.in, depth: 2}",
                                                  with: "  scores: {from: dot.out, to: pv.v, depth: 2}\n  p: {from: q2.out, to: pv.p, depth: 2}\n  o: {from: pv.out, to: out.in, depth: 2}")
            .replacingOccurrences(of: "  out: {kind: sink}", with: "  out: {kind: sink}\n  pv: {kind: outer_product}\n  q2: {kind: source, tensor: q}")
        let error = try #require(throws: InputError.self) { _ = try S.run(try S.graph(text, file: "bad.yaml"), n: 4, d: 2) }
        #expect(error.message.contains("type mismatch"), "\(error)")
    }

    @Test func hugeRunsNeedAllowHuge() throws {
        let model = try S.shipped("sdpa-reordered")
        #expect(throws: InputError.self) { _ = try S.run(model, n: 60_000, d: 64) }
    }
}

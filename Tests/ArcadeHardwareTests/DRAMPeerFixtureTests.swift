import Foundation
import Testing
import ArcadeWorkloads
@testable import ArcadeHardware

/// Arcade against the peers' own results (Fixtures/dram-peers, written by
/// `bench/dram_vs_peers.sh --fixtures`): the same 100k-request traces (regenerated here with the
/// bench's seed), the shipped `<config>-peers.yaml` architectures, the accuracy targets.
struct DRAMPeerFixtureTests {
    static let fixtureRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/dram-peers")
    static let architectures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Architectures/dram").standardized

    struct PeerResult: Decodable {
        let peer: String
        let config: String
        let trace: String
        let requests: Int
        let seed: UInt64
        let cycles: Int64
    }

    /// The 100k-request fixtures, grouped by (config, trace).
    static func fixtures() throws -> [String: [PeerResult]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtureRoot.path).filter { $0.hasSuffix("_100000.json") }
        var grouped: [String: [PeerResult]] = [:]
        for name in names {
            let data = try Data(contentsOf: fixtureRoot.appendingPathComponent(name))
            let result = try JSONDecoder().decode(PeerResult.self, from: data)
            grouped["\(result.config) \(result.trace)", default: []].append(result)
        }
        return grouped
    }

    /// Arcade's cycles by the peers' end criterion: the cycle the last request was accepted.
    static func arcadeCycles(config: String, trace pattern: String, requests: Int, seed: UInt64) throws -> Int64 {
        let model = try HardwareRegistry.loadArchitecture(path: architectures.appendingPathComponent("\(config)-peers.yaml").path)
        let dram = try #require(model as? DRAMModel)
        let trace = try MemoryTraceGenerator.generate(pattern: try #require(MemoryTraceGenerator.Pattern(rawValue: pattern)),
                                                      requests: requests, seed: seed)
        return try DRAMSimulation(config: dram.config).run(trace.requests).lastAcceptCycle
    }

    static func error(_ arcade: Int64, _ peer: Int64) -> Double { Double(arcade - peer) / Double(peer) }

    @Test("the fixtures cover every configuration and trace of the comparison, from all three peers")
    func fixturesPresent() throws {
        let grouped = try Self.fixtures()
        for key in ["ddr4-2400 stream", "ddr4-2400 random", "ddr4-2400 mixed", "ddr4-3200 stream", "ddr4-3200 random",
                    "ddr4-3200 mixed"] {
            #expect(Set(grouped[key, default: []].map(\.peer)) == ["dramsim3", "ramulator2", "ramulator21"], "\(key)")
        }
        #expect(Set(grouped["hbm2 stream", default: []].map(\.peer)).contains("dramsim3"))
    }

    /// Random and mixed traffic: within 2% of Ramulator 2.0 and 2.1 (the target; same timings
    /// as ours) and within 0.1% of Ramulator 2.1, whose controller Arcade's follows. DRAMsim3: within
    /// 3%. On random DDR4-3200 the peers themselves differ by 2.65% (Ramulator 2.0 9.219M, DRAMsim3
    /// 8.981M cycles for 1M requests), and Arcade sits with the Ramulators.
    @Test("random and mixed DDR4: within 2% of Ramulator 2.0, 0.1% of 2.1, 3% of DRAMsim3",
          arguments: ["ddr4-2400 random", "ddr4-2400 mixed", "ddr4-3200 random", "ddr4-3200 mixed"])
    func randomAndMixed(_ key: String) throws {
        let peers = try #require(try Self.fixtures()[key])
        let first = try #require(peers.first)
        let cycles = try Self.arcadeCycles(config: first.config, trace: first.trace, requests: first.requests, seed: first.seed)
        for peer in peers {
            let error = Self.error(cycles, peer.cycles)
            let limit = peer.peer == "dramsim3" ? 0.03 : 0.02
            #expect(abs(error) <= limit, "\(key): Arcade \(cycles) vs \(peer.peer) \(peer.cycles) (\(error * 100)%)")
            if peer.peer == "ramulator21" {
                #expect(abs(error) <= 0.001, "\(key): Arcade \(cycles) vs Ramulator 2.1 \(peer.cycles)")
            }
        }
    }

    /// Streams: the peers disagree by up to ~8% (DRAMsim3 schedules the open row differently), so
    /// the target is the peers' spread (ends widened by 0.1%: Ramulator 2.1 is its top and Arcade
    /// lands a few cycles either side of it); Arcade is within 0.1% of Ramulator 2.1 here too.
    @Test("streaming DDR4: inside the peers' spread, within 0.1% of Ramulator 2.1",
          arguments: ["ddr4-2400 stream", "ddr4-3200 stream"])
    func stream(_ key: String) throws {
        let peers = try #require(try Self.fixtures()[key])
        let first = try #require(peers.first)
        let cycles = try Self.arcadeCycles(config: first.config, trace: first.trace, requests: first.requests, seed: first.seed)
        let spread = peers.map(\.cycles)
        #expect(Double(cycles) >= Double(spread.min()!) * 0.999 && Double(cycles) <= Double(spread.max()!) * 1.001,
                "\(key): Arcade \(cycles), peers \(spread)")
        let ramulator21 = try #require(peers.first { $0.peer == "ramulator21" })
        #expect(abs(Self.error(cycles, ramulator21.cycles)) <= 0.001, "\(key): Arcade \(cycles) vs Ramulator 2.1 \(ramulator21.cycles)")
    }

    /// HBM2, 8 requests offered per cycle: DRAMsim3 is the reference (Ramulator 2.0's HBM2 reaches 2
    /// of 8 channels and 2.1's moves 32 B per request, see the fixtures' README).
    @Test("HBM2 streaming: within 1% of DRAMsim3's cycles")
    func hbm2Stream() throws {
        let peers = try #require(try Self.fixtures()["hbm2 stream"])
        let dramsim3 = try #require(peers.first { $0.peer == "dramsim3" })
        let cycles = try Self.arcadeCycles(config: "hbm2", trace: "stream", requests: dramsim3.requests, seed: dramsim3.seed)
        #expect(abs(Self.error(cycles, dramsim3.cycles)) <= 0.01, "Arcade \(cycles) vs DRAMsim3 \(dramsim3.cycles)")
    }
}

import ArcadeCore
import ArcadeWorkloads
import Foundation
import Testing
@testable import ArcadeHardware

/// The cache family's readers: both trace formats (gzip'd or not) and every kind of bad trace or
/// architecture refused with an input error naming the file, the line and the field.
@Suite("Cache: traces and architecture files")
struct CacheInputTests {
    @Test func lackeyLogWithValgrindMessages() throws {
        let text = "==42== Lackey, an example Valgrind tool\nI  04017890,3\n L 1ffefffd08,8\n S 1ffefffd00,4\n M 0402a4c8,2\n==42== \n"
        let trace = try AddressTraceReader.parse(text, file: "t.lackey")
        #expect(trace.format == .lackey)
        #expect(trace.accesses == [
            AddressAccess(address: 0x04017890, bytes: 3, kind: .instruction),
            AddressAccess(address: 0x1ffefffd08, bytes: 8, kind: .load),
            AddressAccess(address: 0x1ffefffd00, bytes: 4, kind: .store),
            AddressAccess(address: 0x0402a4c8, bytes: 2, kind: .modify),
        ])
        #expect(trace.dataAccesses == 4)
    }

    @Test func plainFormatWithCommentsDefaultsAndCRLF() throws {
        let trace = try AddressTraceReader.parse("# a comment\r\nR 0x1000 8\r\nw 2040\r\n\r\nW 0x3c 4  # trailing\n", file: "t.trace")
        #expect(trace.format == .plain)
        #expect(trace.accesses == [
            AddressAccess(address: 0x1000, bytes: 8, kind: .load),
            AddressAccess(address: 0x2040, bytes: 1, kind: .store),
            AddressAccess(address: 0x3c, bytes: 4, kind: .store),
        ])
    }

    /// A gzip'd trace reads as the same accesses as the text; a truncated one is an error, not a crash.
    @Test func gzipIsReadAndTruncationRefused() throws {
        let path = FamilyConformance.repositoryRoot + "/Workloads/traces/matmul.lackey.gz"
        let data = try #require(FileManager.default.contents(atPath: path))
        let text = try data.withUnsafeBytes { try Gzip.decompress($0.bindMemory(to: UInt8.self), file: path) }
        let fromText = try text.withUnsafeBufferPointer { try AddressTraceReader.parse(bytes: $0, file: path, name: "matmul") }
        let fromGzip = try AddressTraceReader.read(path: path)
        #expect(fromGzip.accesses == fromText.accesses)
        #expect(fromGzip.accesses.count == 229_931)
        let cut = data.prefix(data.count / 2)
        #expect(throws: InputError.self) {
            try cut.withUnsafeBytes { try AddressTraceReader.parse(bytes: $0.bindMemory(to: UInt8.self), file: "cut.gz", name: "cut") }
        }
    }

    static let badTraces: [(text: String, line: Int?, field: String?)] = [
        ("R 0x1000 8\nX 0x2000\n", 2, "kind"),
        (" L 1000,8\n L zz,8\n", 2, "address"),
        (" L 1000\n", 1, "size"),
        ("R 0x1000 0\n", 1, "size"),
        ("R 0x1000 99999999999\n", 1, "size"),
        ("R 0x1000 8 extra\n", 1, nil),
        ("R 0x11112222333344445\n", 1, "address"),
        ("R 0x7ffffffffffffffc 8\n", 1, "address"),
        ("hello\n", 1, nil),
        ("# only a comment\n", nil, nil),
        ("R 0x10 8\n L 1000,8\n", 2, "kind"),
    ]

    @Test(arguments: badTraces.indices)
    func badTraceNamesLineAndField(_ index: Int) throws {
        let (text, line, field) = Self.badTraces[index]
        let error = try #require(throws: InputError.self) { try AddressTraceReader.parse(text, file: "bad.trace") }
        #expect(error.file == "bad.trace")
        #expect(error.line == line, "\(text)")
        #expect(error.field == field, "\(text)")
    }

    static let badArchitectures: [(yaml: String, field: String)] = [
        ("levels:\n  - {sets: 48, ways: 4}\n", "levels.0.sets"),
        ("levels:\n  - {sets: 64, ways: 0}\n", "levels.0.ways"),
        ("levels:\n  - {sets: 64, ways: 4, line_bytes: 48}\n", "levels.0.line_bytes"),
        ("levels:\n  - {sets: 64, ways: 4, stacked: {banks_per_layer: 4}}\n", "levels.0.stacked.layers"),
        ("levels:\n  - {sets: 64, ways: 4, stacked: {layers: 2, shares: [1, 2, 3]}}\n", "levels.0.stacked.shares"),
        ("levels:\n  - {sets: 64, ways: 4, replacement: mru}\n", "levels.0.replacement"),
        ("levels:\n  - {sets: 64, ways: 4, inclusion: inclusive}\n", "levels.0.inclusion"),
        ("levels:\n  - {sets: 64, ways: 4}\n  - {sets: 64, ways: 4, line_bytes: 128, inclusion: exclusive}\n", "levels.1.inclusion"),
        ("levels:\n  - {name: L1, sets: 64, ways: 4}\n  - {name: L1, sets: 64, ways: 4}\n", "levels.1.name"),
        ("levels:\n  - {sets: 64, ways: 4, colour: red}\n", "levels.0.colour"),
        ("levels: []\n", "levels"),
        ("memory: {latency: 3}\nlevels:\n  - {sets: 64, ways: 4}\n", "memory.latency_cycles"),
        ("levels:\n  - {sets: 64, ways: 4}\nmemory: ../dram/none.yaml\n", "memory"),
    ]

    @Test(arguments: badArchitectures.indices)
    func badArchitectureNamesTheField(_ index: Int) throws {
        let (yaml, field) = Self.badArchitectures[index]
        let error = try #require(throws: InputError.self) {
            try CacheArchitecture.parse(ConfigSection.load(yaml: "family: cache\n" + yaml, file: "bad.yaml"))
        }
        #expect(error.field == field, "\(yaml): \(error)")
        #expect(error.line != nil, "\(yaml)")
    }

    /// `--compat pycachesim` refuses what pycachesim cannot build, naming the field.
    @Test func compatRefusesWhatPycachesimLacks() throws {
        for (yaml, field) in [("- {name: L1, sets: 4, ways: 2, replacement: srrip}", "levels.L1.replacement"),
                              ("- {name: L1, sets: 4, ways: 2, write_policy: write_through}", "levels.L1.write_allocate")] {
            let model = try CacheModel(architecture: ConfigSection.load(yaml: "family: cache\nlevels:\n  \(yaml)\n", file: "a.yaml"),
                                       sourceText: "")
            let trace = FamilyConformance.repositoryRoot + "/Workloads/traces/matmul.lackey.gz"
            let error = try #require(throws: InputError.self) {
                try model.simulate(workloadPath: trace, options: SimulationOptions(compatibility: "pycachesim"))
            }
            #expect(error.field == field)
        }
    }
}

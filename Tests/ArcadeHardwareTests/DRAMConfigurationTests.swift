import Foundation
import Testing
import ArcadeCore
@testable import ArcadeHardware

/// Presets, architecture files, address mappings, and every kind of bad input.
struct DRAMConfigurationTests {
    static let architectures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Architectures/dram").standardized.path

    @Test("every preset passes validation", arguments: DRAMStandards.all.map(\.name))
    func presetsValidate(_ name: String) throws {
        let standard = try #require(DRAMStandards.named(name))
        #expect(standard.organization.inconsistency() == nil)
        #expect(standard.timing.violatedRelation() == nil)
        _ = try DRAMSystemConfig(standard: standard)
    }

    @Test("every shipped architecture file loads")
    func architectureFilesLoad() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.architectures).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 9)
        for file in files {
            let model = try HardwareRegistry.loadArchitecture(path: Self.architectures + "/" + file)
            #expect(model is DRAMModel)
        }
        let peers = try HardwareRegistry.loadArchitecture(path: Self.architectures + "/ddr4-2400-peers.yaml") as! DRAMModel
        #expect(peers.config.timing.nRFC == 433)
        #expect(peers.config.controller.readQueueSize == 32)
    }

    @Test("address mappings round-trip (decode then encode)",
          arguments: ["RoBaRaCoCh", "ChRaBaRoCo", "RoBaBgRaCoCh", "RoBaRaCoBgCh", "RoRaBgBaChCo"])
    func mappingRoundTrip(_ name: String) throws {
        for standard in DRAMStandards.all {
            let organization = standard.organization
            let mapping = try DRAMAddressMapping(name: name, organization: organization)
            let capacity = UInt64(organization.capacityBytes!)
            var generator = SplitMixForTests(seed: 3)
            for _ in 0..<500 {
                let address = generator.next() % capacity & ~UInt64(organization.accessBytes - 1)
                let location = try #require(mapping.decode(address))
                #expect(location.row < organization.rows && location.column < organization.accessesPerRow)
                #expect(location.bankGroup < organization.bankGroups && location.bank < organization.banksPerGroup)
                #expect(location.channel < organization.channels)
                #expect(mapping.encode(location) == address)
            }
            #expect(mapping.decode(capacity) == nil)
        }
    }

    @Test("the simulation's shift-and-mask slices decode every field as the mapping does",
          arguments: ["RoBaRaCoCh", "ChRaBaRoCo", "RoBaBgRaCoCh", "RoBaRaCoBgCh", "RoRaBgBaChCo"])
    func slicesMatchDecode(_ name: String) throws {
        for standard in DRAMStandards.all {
            let organization = standard.organization
            let mapping = try DRAMAddressMapping(name: name, organization: organization)
            let slices = DRAMAddressSlices(mapping)
            let capacity = UInt64(organization.capacityBytes!)
            var generator = SplitMixForTests(seed: 5)
            for step in 0..<600 {
                // Within the capacity, then beyond it (up to 4× and at the top bit).
                let address = step < 500 ? generator.next() % capacity : step < 599 ? generator.next() % (4 * capacity) : 1 << 63
                let location = mapping.decode(address)
                #expect(slices.contains(address) == (location != nil))
                guard let location else { continue }
                #expect(slices.channel.value(of: address) == location.channel)
                #expect(slices.pseudoChannel.value(of: address) == location.pseudoChannel)
                #expect(slices.rank.value(of: address) == location.rank)
                #expect(slices.bankGroup.value(of: address) == location.bankGroup)
                #expect(slices.bank.value(of: address) == location.bank)
                #expect(slices.row.value(of: address) == location.row)
            }
        }
    }

    @Test("RoBaRaCoCh: consecutive lines walk the columns of one row, then the bank groups")
    func mappingBitOrder() throws {
        let organization = DRAMStandard.ddr4_2400.organization
        let mapping = try DRAMAddressMapping(name: "RoBaRaCoCh", organization: organization)
        #expect(mapping.decode(64) == DRAMLocation(column: 1))
        #expect(mapping.decode(128 * 64) == DRAMLocation(bankGroup: 1))
        #expect(mapping.decode(16 * 128 * 64) == DRAMLocation(row: 1))
    }

    // MARK: bad input

    func loadError(_ yaml: String) -> InputError? {
        do {
            let document = try ConfigSection.load(yaml: yaml, file: "bad.yaml")
            _ = try document.choice("family", ["dram"])
            _ = try DRAMModel(architecture: document, sourceText: yaml)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    @Test("bad architecture files name file, line, field and what is wrong", arguments: [
        ("family: dram\nstandard: DDR4-2400\ntiming:\n  nRCX: 3\n", 4, "timing.nRCX", "unknown key"),
        ("family: dram\nstandard: DDR4-2400\ntiming:\n  nRC: 40\n", 4, "timing.nRC", "nRC ≥ nRAS + nRP"),
        ("family: dram\nstandard: DDR4-2400\ntiming:\n  nRAS: 10\n  nRC: 30\n", 4, "timing.nRAS", "nRAS ≥ nRCD"),
        ("family: dram\nstandard: DDR4-2400\ntiming:\n  nCCD_L: 2\n", 4, "timing.nCCD_L", "nCCD_L ≥ nCCD_S"),
        ("family: dram\nstandard: DDR4-2400\ntiming:\n  nRRD_L: 2\n", 4, "timing.nRRD_L", "nRRD_L ≥ nRRD_S"),
        ("family: dram\nstandard: DDR4-2400\ntiming:\n  nFAW: 2\n", 4, "timing.nFAW", "nFAW ≥ nRRD_S"),
        ("family: dram\nstandard: DDR4-2400\norganization:\n  rows: 60000\n", 4, "organization.rows", "power of two"),
        ("family: dram\nstandard: DDR4-2400\norganization:\n  channels: 1073741824\n  ranks: 1073741824\n", 5,
         "organization.ranks", "overflow"),
        ("family: dram\nstandard: DDR4-2400\ncontroller:\n  address_mapping: RoBaXxCoCh\n", 4,
         "controller.address_mapping", "not a field"),
        ("family: dram\nstandard: DDR4-2400\ncontroller:\n  refresh: per-bank\n", 4, "controller.refresh", "per-bank"),
        ("family: dram\nstandard: DDR4-2400\ncontroller:\n  scheduler: lifo\n", 4, "controller.scheduler", "allowed"),
        ("family: dram\nstandard: DDR9\n", 2, "standard", "allowed"),
        ("family: dram\nstandard: DDR4-2400\nfrontend:\n  rate: 3\n", 4, "frontend.rate", "unknown key"),
    ] as [(String, Int, String, String)])
    func badArchitecture(_ yaml: String, _ line: Int, _ field: String, _ message: String) {
        let error = loadError(yaml)
        #expect(error != nil, "accepted: \(yaml)")
        guard let error else { return }
        #expect(error.file == "bad.yaml")
        #expect(error.line == line, "\(error)")
        #expect(error.field == field, "\(error)")
        #expect(error.message.contains(message), "\(error)")
    }

    @Test("a relation broken by the preset's own value points at the standard line")
    func relationFromPreset() {
        // nRCD raised above the preset's nRAS: the relation names nRAS, which the file did not set.
        let error = loadError("family: dram\nstandard: DDR4-2400\ntiming:\n  nRCD: 45\n")
        #expect(error?.field == "timing.nRAS")
        #expect(error?.line == 2)
    }

    @Test("an address beyond the capacity is an error naming the request")
    func addressBeyondCapacity() throws {
        let config = try DRAMTestSupport.config()
        let capacity = UInt64(config.organization.capacityBytes!)
        #expect(throws: InputError.self) {
            _ = try DRAMSimulation(config: config).run(DRAMTestSupport.reads([0, capacity]), traceName: "t.trace")
        }
        do {
            _ = try DRAMSimulation(config: config).run(DRAMTestSupport.reads([0, capacity]), traceName: "t.trace")
        } catch let error as InputError {
            #expect(error.file == "t.trace")
            #expect(error.message.contains("request 2"))
        }
    }
}

/// SplitMix64 without importing the kernel into the test target.
struct SplitMixForTests {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Testing
@testable import ArcadeHardware

/// `DRAMTable` and `DRAMChannelControllers` own their memory: the only duplicate is an explicit
/// `clone()`, independent of the original (the compiler rejects `let b = a` followed by a use of `a`).
struct DRAMTableTests {
    @Test func cloneIsIndependent() {
        var table = DRAMTable<Int64>([1, 2, 3])
        let copy = table.clone()
        table[1] = 20
        // Values taken out first: #expect's expansion would copy a non-copyable operand.
        let original = table[1], copied = Array(copy.buffer), emptyCount = DRAMTable<Int32>(repeating: -1, count: 0).clone().count
        #expect(original == 20)
        #expect(copied == [1, 2, 3])
        #expect(emptyCount == 0)
    }

    @Test func controllersAreWorkedOnInPlace() throws {
        let config = try DRAMTestSupport.config()
        var channels = DRAMChannelControllers(count: 2) { _ in
            DRAMChannelController(organization: config.organization, timing: config.timing,
                                  config: config.controller, constraints: config.constraints)
        }
        let accepted = channels[1].accept(bank: 0, row: 7, sequence: 0, isWrite: false, at: 0)
        #expect(accepted)
        var completed = 0
        while channels[1].wake < Int64.max && completed == 0 { completed += channels[1].step(at: channels[1].wake).completed }
        #expect(completed == 1)
        let reads = channels.map { $0.stats.reads }
        #expect(reads == [0, 1])
    }
}

import Testing
import ArcadeKernel
@testable import ArcadeExplore

/// A design point whose chip deadlocks is recorded as failed, with the deadlock as its reason.
struct DeadlockFailureTests {
    @Test func deadlockBecomesTheFailureReason() throws {
        let deadlock = try #require(ChannelBenchmark.ringDeadlock(components: 2, depth: 1))
        let reason = DesignSpaceEvaluator.failureReason(deadlock)
        #expect(reason.hasPrefix("deadlock at"))
        #expect(reason.contains("stage0 (waiting to send on q0)") && reason.contains("full channels q0 stage0→stage1"))
    }
}

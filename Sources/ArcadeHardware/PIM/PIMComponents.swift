import ArcadeCore
import ArcadeKernel

/// A PIM kernel as the host hands it to the memory: one channel's access stream (every channel
/// runs the same one on its own rows) and an id for the response.
struct PIMKernelRequest {
    var id: UInt64
    var accesses: [PIMAccess]
}

/// The PIM DRAM on the chip's kernel: its channels' controllers and units. Accepts a kernel from the
/// host, runs it on the channel's timing state from the current cycle, and responds at the cycle
/// the last data transfer ends.
///
/// Why one scheduler for all channels: every channel receives the same stream (the mapping gives
/// each the same tiles) and has had the same history, so every channel's state is the same at all
/// times; one simulated channel stands for all, and the counts are scaled by the channel count.
/// Why the kernel is run at acceptance: the host waits for it, so nothing else reaches the
/// channels meanwhile, and running it to its end at once gives the same commands as running it
/// along with the clock.
final class PIMMemoryComponent: Component {
    let name = "pim-memory"
    var id: Int32 = -1
    let clock: ClockDomain
    var channel: PIMChannelScheduler
    var busy = false
    /// Per kernel: the channel's counters before and after (the report's per-step DRAM energy).
    private(set) var kernelStats: [(before: PIMChannelStats, after: PIMChannelStats, startCycle: Int64, endCycle: Int64)] = []

    init(architecture: PIMArchitecture) {
        let memory = architecture.memory
        clock = ClockDomain(periodPicoseconds: Picoseconds(memory.timing.tCKPicoseconds))
        channel = PIMChannelScheduler(organization: memory.organization, timing: memory.timing, constraints: architecture.constraints,
                                      refresh: memory.controller.refresh != .off, firstRefresh: architecture.firstRefreshCycle,
                                      queueDepth: architecture.queueDepth,
                                      refreshWaitsForPrecharge: architecture.refreshWaitsForPrecharge,
                                      activatesWhileRefreshWaits: architecture.activatesWhileRefreshWaits,
                                      activateToCompute: architecture.units.standard.activateToComputeCycles ?? 0,
                                      computeInterval: architecture.units.standard.computeIntervalCycles ?? 0)
    }

    /// Runs `kernel` from `now`; the response reaches `initiator` when it is done.
    func accept(_ kernel: PIMKernelRequest, initiator: Int32, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        let start = Int64(clock.cycles(covering: now))
        let before = channel.stats
        let end = channel.run(kernel.accesses, from: start)
        kernelStats.append((before, channel.stats, start, end))
        scheduler.schedule(ComponentEvent(target: initiator, kind: .response, payload: kernel.id),
                           at: clock.time(ofCycle: UInt64(end)))
    }

    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {}
    var isFinished: Bool { true }
    var status: String { "idle" }
}

/// The host/ASIC: runs the program's steps in order — a GEMV or element-wise kernel goes to the PIM
/// memory and the host waits for it; its own vector ops take elements / throughput + overhead
/// cycles on its clock.
final class PIMHost: Component {
    let name = "host"
    var id: Int32 = -1
    let steps: [PIMStep]
    /// The access stream of step i when it is a PIM kernel, and the elements the host then adds to
    /// reduce input slices' partial results (built when the step starts: a decode has thousands of
    /// kernels, and holding every stream at once would cost memory for nothing).
    let kernel: (Int) -> (accesses: [PIMAccess], reduceElements: Int)?
    /// Elements the host must still add when the running kernel responds (part of the same step).
    var pendingReduction = 0
    /// Told when a decode token (or the single kernel) is done: `arcade simulate`'s status line.
    var progress: SimulationProgress.Handler?
    let tokens: Int
    let config: PIMHostConfig
    unowned let memory: PIMMemoryComponent
    var next = 0
    /// Per step: start and end, ps.
    private(set) var spans: [(start: Picoseconds, end: Picoseconds)] = []
    var waitingSince: Picoseconds = 0

    init(steps: [PIMStep], kernel: @escaping (Int) -> (accesses: [PIMAccess], reduceElements: Int)?, config: PIMHostConfig,
         memory: PIMMemoryComponent) {
        self.steps = steps
        self.kernel = kernel
        self.config = config
        self.memory = memory
        tokens = (steps.last?.token ?? 0) + 1
        spans.reserveCapacity(steps.count)
    }

    /// Picoseconds a host op on `elements` takes.
    static func hostPicoseconds(_ config: PIMHostConfig, elements: Int) -> Picoseconds {
        let cycles = (elements + config.elementsPerCycle - 1) / config.elementsPerCycle + config.opOverheadCycles
        return Picoseconds((Double(cycles) * config.cyclePicoseconds).rounded(.up))
    }

    func handle(_ event: ComponentEvent, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        if pendingReduction > 0 {
            wake(at: now + Self.hostPicoseconds(config, elements: pendingReduction), scheduler: &scheduler)
            pendingReduction = 0
            return
        }
        if next > 0 {
            spans.append((waitingSince, now))
            if let progress, next == steps.count || steps[next].token != steps[next - 1].token {
                progress(SimulationProgress(done: steps[next - 1].token + 1, total: tokens, item: "decode", unit: "tokens"))
            }
        }
        guard next < steps.count else { next += 1; return }
        let step = steps[next]
        waitingSince = now
        if let work = kernel(next) {
            pendingReduction = work.reduceElements
            memory.accept(PIMKernelRequest(id: UInt64(next), accesses: work.accesses), initiator: id, at: now, scheduler: &scheduler)
        } else if case .host(_, let elements) = step.work {
            wake(at: now + Self.hostPicoseconds(config, elements: elements), scheduler: &scheduler)
        }
        next += 1
    }

    var isFinished: Bool { next > steps.count }
    var status: String { next < steps.count ? "running step \(next) '\(steps[next].name)'" : "waiting for step \(next - 1)" }
}

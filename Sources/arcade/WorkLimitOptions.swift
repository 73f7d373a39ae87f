import ArgumentParser

/// The options of every command whose work grows with its input: runs whose estimated work is
/// absurd (hours, or more memory than a workstation has) are refused with the estimate and the
/// limit unless the user asks for them (issue 11).
struct WorkLimitOptions: ParsableArguments {
    @Flag(name: .long, help: "Run even when the estimated work is absurd (a layer needing hours, a trace whose cycles are far beyond its request count, more than 10^8 requests to generate); without it such a run is refused with the estimate and the limit. Hard limits (64-bit counters, 32-bit request numbers) still apply.")
    var allowHuge = false
}

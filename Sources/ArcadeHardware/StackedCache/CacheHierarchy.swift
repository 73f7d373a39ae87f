import ArcadeWorkloads

/// The levels of one hierarchy wired together (each level's `lower`, an inclusive level's
/// `uppers`), with an optional L1I beside the first data level sharing the second, and the memory
/// sink under the last level. Functional only: `access` changes the state in program order and
/// says which level served the access; `CacheCore` adds time.
final class CacheHierarchy {
    let levels: [CacheLevel]
    /// `levels[0]`, called without an array read or a retain per access (as `Chip.run` calls components).
    let first: Unmanaged<CacheLevel>
    let instructionLevel: CacheLevel?
    let sink: CacheMemorySink
    /// Instruction fetches seen (all, whether or not an L1I simulates them): MPKI's denominator.
    var instructions: Int64 = 0

    init(levels configs: [CacheLevelConfig], instructionLevel instructionConfig: CacheLevelConfig?, compat: Bool) {
        sink = CacheMemorySink(memoryIndex: configs.count, compat: compat)
        let sink = self.sink
        levels = configs.enumerated().map { CacheLevel(config: $0.element, index: $0.offset, sink: sink) }
        instructionLevel = instructionConfig.map { CacheLevel(config: $0, index: 0, sink: sink) }
        first = Unmanaged.passUnretained(levels[0])
        for (index, level) in levels.enumerated() {
            level.lower = index + 1 < levels.count ? levels[index + 1] : nil
            if level.config.inclusion == .inclusive {
                // Only the level directly above; `invalidate` walks further up from there.
                level.uppers = index == 0 ? [] : [levels[index - 1]] + (index == 1 ? instructionLevel.map { [$0] } ?? [] : [])
            }
        }
        instructionLevel?.lower = levels.count > 1 ? levels[1] : nil
    }

    /// The levels an access of `kind` goes through, first to last (an instruction fetch starts at the L1I).
    func path(for kind: AddressAccess.Kind) -> [CacheLevel] {
        guard kind == .instruction, let instructionLevel else { return levels }
        return [instructionLevel] + levels.dropFirst()
    }

    /// Makes `access` in the functional model; returns the deepest level that served it (its index
    /// on `path(for:)`, `sink.memoryIndex` for memory), or nil for an instruction fetch that no L1I
    /// simulates (counted only).
    @inline(__always)
    func access(_ access: AddressAccess) -> Int? {
        let address = access.address, bytes = UInt64(access.bytes)
        switch access.kind {
        case .load:
            return first._withUnsafeGuaranteedRef { $0.load(address, bytes, counted: true) }
        case .store:
            return first._withUnsafeGuaranteedRef { $0.store(address, bytes, counted: true) }
        case .modify:
            return first._withUnsafeGuaranteedRef { level in
                let loaded = level.load(address, bytes, counted: true)
                return max(loaded, level.store(address, bytes, counted: true))
            }
        case .instruction:
            instructions &+= 1
            return instructionLevel?.load(address, bytes, counted: true)
        }
    }

    /// pycachesim's `CacheSimulator.force_write_back`: each level in order writes its dirty lines below.
    func forceWriteBack() {
        for level in [levels[0]] + (instructionLevel.map { [$0] } ?? []) + levels.dropFirst() { level.forceWriteBack() }
    }
}

import ArcadeKernel

/// A set of values with seeded sampling and membership, as in Gymnasium's `spaces`.
/// Design knobs are exposed as a `MultiDiscreteSpace` (one index per knob, decoded values in
/// `info`), which is what RL libraries such as stable-baselines3 accept.
public protocol Space: Sendable {
    associatedtype Element
    func sample(using generator: inout SplitMix64) -> Element
    func contains(_ element: Element) -> Bool
}

/// `0..<count`.
public struct DiscreteSpace: Space, Equatable {
    public var count: Int

    public init(count: Int) {
        precondition(count > 0, "a Discrete space needs at least one value")
        self.count = count
    }

    public func sample(using generator: inout SplitMix64) -> Int { Int(generator.next(below: UInt64(count))) }
    public func contains(_ element: Int) -> Bool { element >= 0 && element < count }
}

/// One index per dimension, dimension d in `0..<counts[d]` (Gymnasium's `nvec`).
public struct MultiDiscreteSpace: Space, Equatable {
    public var counts: [Int]

    public init(counts: [Int]) {
        precondition(!counts.isEmpty && counts.allSatisfy { $0 > 0 }, "every dimension needs at least one value")
        self.counts = counts
    }

    /// Number of points, saturating at Int.max.
    public var cardinality: Int {
        counts.reduce(1) { product, count in
            let (value, overflow) = product.multipliedReportingOverflow(by: count)
            return overflow ? Int.max : value
        }
    }

    /// Whether the number of points exceeds `Int.max` (then `cardinality` is saturated and
    /// `rank(of:)` would overflow).
    public var cardinalityExceedsInt: Bool {
        var product = 1
        for count in counts {
            let (value, overflow) = product.multipliedReportingOverflow(by: count)
            if overflow { return true }
            product = value
        }
        return false
    }

    public func sample(using generator: inout SplitMix64) -> [Int] {
        counts.map { Int(generator.next(below: UInt64($0))) }
    }

    public func contains(_ element: [Int]) -> Bool {
        element.count == counts.count && zip(element, counts).allSatisfy { $0 >= 0 && $0 < $1 }
    }

    /// Mixed-radix rank of a point (first dimension most significant): a dense id for tables and caches.
    /// Only for spaces of at most `Int.max` points (`cardinalityExceedsInt` false); beyond, it traps.
    public func rank(of point: [Int]) -> Int {
        zip(point, counts).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// Inverse of `rank(of:)`.
    public func point(rank: Int) -> [Int] {
        var remainder = rank
        var point = [Int](repeating: 0, count: counts.count)
        for dimension in counts.indices.reversed() {
            point[dimension] = remainder % counts[dimension]
            remainder /= counts[dimension]
        }
        return point
    }
}

/// A box of reals, `low[d] ... high[d]`.
public struct BoxSpace: Space, Equatable {
    public var low: [Double]
    public var high: [Double]

    public init(low: [Double], high: [Double]) {
        precondition(low.count == high.count && zip(low, high).allSatisfy { $0 <= $1 }, "low must not exceed high")
        self.low = low
        self.high = high
    }

    public func sample(using generator: inout SplitMix64) -> [Double] {
        zip(low, high).map { lower, upper in
            lower + (upper - lower) * Double(generator.next() >> 11) / Double(1 << 53)
        }
    }

    public func contains(_ element: [Double]) -> Bool {
        element.count == low.count && element.indices.allSatisfy { low[$0] <= element[$0] && element[$0] <= high[$0] }
    }
}

/// A value of a `DictSpace`.
public enum SpaceValue: Equatable, Sendable {
    case discrete(Int)
    case multiDiscrete([Int])
    case box([Double])
}

/// Named sub-spaces, in order.
public struct DictSpace: Space {
    public enum Member: Sendable {
        case discrete(DiscreteSpace)
        case multiDiscrete(MultiDiscreteSpace)
        case box(BoxSpace)
    }

    public var members: [(name: String, space: Member)]

    public init(_ members: [(name: String, space: Member)]) {
        self.members = members
    }

    public func sample(using generator: inout SplitMix64) -> [String: SpaceValue] {
        var result: [String: SpaceValue] = [:]
        for (name, member) in members {
            switch member {
            case .discrete(let space): result[name] = .discrete(space.sample(using: &generator))
            case .multiDiscrete(let space): result[name] = .multiDiscrete(space.sample(using: &generator))
            case .box(let space): result[name] = .box(space.sample(using: &generator))
            }
        }
        return result
    }

    public func contains(_ element: [String: SpaceValue]) -> Bool {
        guard element.count == members.count else { return false }
        return members.allSatisfy { name, member in
            switch (member, element[name]) {
            case (.discrete(let space), .discrete(let value)?): return space.contains(value)
            case (.multiDiscrete(let space), .multiDiscrete(let value)?): return space.contains(value)
            case (.box(let space), .box(let value)?): return space.contains(value)
            default: return false
            }
        }
    }
}

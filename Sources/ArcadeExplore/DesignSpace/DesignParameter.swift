import ArcadeCore
import Yams

/// One knob of a design space: a dotted key into the architecture YAML and its values in index order.
///
/// Kinds (exactly one per parameter):
/// - `{range: [lo, hi], step: s}` — lo, lo+s, … ≤ hi (step defaults to 1); ordered.
/// - `{powers_of_two: [lo, hi]}` — every 2^k with lo ≤ 2^k ≤ hi; ordered.
/// - `{values: [a, b, c]}` — explicit numbers, sorted ascending so index order is value order; ordered.
/// - `{choices: [x, y, z]}` — categories in the order written; unordered.
public struct DesignParameter: Sendable, Equatable {
    public enum Kind: String, Sendable { case range, powersOfTwo = "powers_of_two", values, choices }

    /// The dotted path into the architecture YAML, also the name used in constraints.
    public var name: String
    public var kind: Kind
    /// The values as written into the architecture file, in index order.
    public var values: [String]
    /// The numeric value of each entry (nil for a non-numeric category).
    public var numericValues: [Double?]
    /// Line of the parameter in the space file.
    public var line: Int?

    /// Whether neighbouring indices are neighbouring values (all kinds but `choices`).
    public var ordered: Bool { kind != .choices }

    /// A parameter with many values is almost certainly a typo (a step of 1 on a byte count), and
    /// would make every encoding vector huge; one million is far beyond any useful knob.
    static let maximumValueCount = 1_000_000

    static func parse(name: String, node: Node, yaml: DesignSpaceYAML) throws -> DesignParameter {
        let field = "parameters.\(name)"
        let kinds = ["range", "powers_of_two", "values", "choices"]
        let entries = try yaml.mapping(node, field: field, allowed: kinds + ["step"])
        let present = entries.filter { kinds.contains($0.key) }
        guard present.count == 1, let (kindKey, _, valueNode) = present.first else {
            throw yaml.error(node, field, "give exactly one of: range (with step), powers_of_two, values, choices")
        }
        let kind = Kind(rawValue: kindKey)!
        let stepEntry = entries.first { $0.key == "step" }
        if stepEntry != nil && kind != .range {
            throw yaml.error(stepEntry!.keyNode, field + ".step", "step is only allowed with range")
        }
        let listField = "\(field).\(kindKey)"
        let items = try yaml.list(valueNode, field: listField)
        var values: [String] = []
        var numbers: [Double?] = []
        switch kind {
        case .range, .powersOfTwo:
            guard items.count == 2 else { throw yaml.error(valueNode, listField, "expected [low, high]") }
            let low = try yaml.number(items[0], field: listField), high = try yaml.number(items[1], field: listField)
            guard low <= high else {
                throw yaml.error(valueNode, listField, "empty range: low \(format(low)) is above high \(format(high)); allowed: low ≤ high")
            }
            if kind == .range {
                let step = try stepEntry.map { try yaml.number($0.value, field: field + ".step") } ?? 1
                guard step > 0 else {
                    throw yaml.error(stepEntry?.value, field + ".step", "step \(format(step)) is not allowed; allowed: a number > 0")
                }
                // In floating point first: (high − low) / step may be infinite or far beyond Int
                // (step 1e-300), and converting such a value to Int traps.
                let span = ((high - low) / step + 1e-9).rounded(.down)
                guard span.isFinite, span < Double(maximumValueCount) else {
                    let many = span.isFinite ? "\(format(span + 1)) values" : "more values than a number can hold"
                    throw yaml.error(valueNode, listField, "[\(format(low)), \(format(high))] with step \(format(step)) gives \(many), too many; "
                                     + "allowed: at most \(maximumValueCount) per parameter")
                }
                let count = Int(span) + 1
                numbers = (0..<count).map { low + Double($0) * step }
            } else {
                guard low > 0 else { throw yaml.error(valueNode, listField, "powers of two need low > 0") }
                var power = 1.0
                while power < low { power *= 2 }
                while power <= high { numbers.append(power); power *= 2 }
                guard !numbers.isEmpty else {
                    throw yaml.error(valueNode, listField, "empty range: no power of two lies in [\(format(low)), \(format(high))]")
                }
            }
            values = numbers.map { format($0!) }
            // A step below the precision of the values (1e15 + 0.001·i) would repeat values.
            var distinct = Set<String>()
            for value in values where !distinct.insert(value).inserted {
                throw yaml.error(valueNode, listField, "value \(value) occurs twice: the step is below the precision of the values; "
                                 + "allowed: a step the values can resolve (about 1e-15 × |high|)")
            }
        case .values:
            var pairs: [(text: String, value: Double)] = []
            var seen = Set<Double>()   // a set, not a scan of `pairs`: 1M values must stay linear
            for item in items {
                let text = try yaml.scalar(item, field: listField)
                guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
                    throw yaml.error(item, listField, "'\(text)' is not a number; use 'choices' for categories")
                }
                if !seen.insert(value).inserted { throw yaml.error(item, listField, "duplicate value \(text)") }
                pairs.append((text.replacingOccurrences(of: "_", with: ""), value))
            }
            pairs.sort { $0.value < $1.value }
            values = pairs.map(\.text)
            numbers = pairs.map(\.value)
        case .choices:
            var seen = Set<String>()
            for item in items {
                let text = try yaml.scalar(item, field: listField)
                if !seen.insert(text).inserted { throw yaml.error(item, listField, "duplicate choice '\(text)'") }
                values.append(text)
                numbers.append(Double(text))
            }
        }
        guard !values.isEmpty else { throw yaml.error(valueNode, listField, "empty list; allowed: at least one value") }
        guard values.count <= maximumValueCount else {
            throw yaml.error(valueNode, listField, "\(values.count) values is too many; allowed: at most \(maximumValueCount) per parameter")
        }
        return DesignParameter(name: name, kind: kind, values: values, numericValues: numbers, line: node.mark?.line)
    }

    /// Whole numbers without a decimal point (`128`, not `128.0`), so integer architecture keys accept them.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}

import ArcadeCore
import Yams

/// Node-level reading of a design-space file. `ConfigSection` reads scalars only, and a space file
/// needs lists (`range: [8, 128]`, `objectives:`), so this walks Yams nodes directly while keeping
/// the same contract: every error names file, line and field, and unknown keys are rejected.
struct DesignSpaceYAML {
    let file: String

    func compose(_ text: String) throws -> Node {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw InputError(file: file, line: Self.line(of: error), "malformed YAML: \(error)")
        }
        guard let node else { throw InputError(file: file, "the file is empty; expected a YAML mapping") }
        return node
    }

    func error(_ node: Node?, _ field: String?, _ message: String) -> InputError {
        InputError(file: file, line: node?.mark?.line, field: field, message)
    }

    /// The entries of a mapping in file order, rejecting duplicate and non-string keys and any key
    /// not in `allowed`.
    func mapping(_ node: Node, field: String?, allowed: [String]? = nil) throws -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = node else {
            throw error(node, field, "expected a mapping of 'key: value' entries")
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else { throw error(keyNode, field, "keys must be plain strings") }
            let key = scalar.string
            let path = field.map { "\($0).\(key)" } ?? key
            if entries.contains(where: { $0.key == key }) { throw error(keyNode, path, "duplicate key") }
            if let allowed, !allowed.contains(key) {
                throw error(keyNode, path, "unknown key; allowed here: \(allowed.joined(separator: ", "))")
            }
            entries.append((key, keyNode, value))
        }
        return entries
    }

    func scalar(_ node: Node, field: String) throws -> String {
        guard case .scalar(let scalar) = node else {
            throw error(node, field, "expected a single value, found a \(node.mapping != nil ? "mapping" : "list")")
        }
        return scalar.string
    }

    func list(_ node: Node, field: String) throws -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw error(node, field, "expected a list such as [a, b, c]")
        }
        return Array(sequence)
    }

    func number(_ node: Node, field: String) throws -> Double {
        let text = try scalar(node, field: field)
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            throw error(node, field, "'\(text)' is not a number")
        }
        return value
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }
}

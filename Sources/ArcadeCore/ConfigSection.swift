import Yams

/// A mapping from a YAML architecture or space file, read with line numbers kept, so that
/// every error names file, line and field. Fields are read with `int`, `string`, `choice`, …;
/// `finish()` then rejects any key nobody read, so a typo is an error and never silently ignored
/// (a complaint users have about DRAMsim3's config reader).
///
/// ```swift
/// let doc = try ConfigSection.load(yaml: text, file: "arch.yaml")
/// let rows = try doc.int("rows", default: 32, range: 1...65_536)
/// try doc.finish()
/// ```
public final class ConfigSection {
    /// Names the document in errors (a path, or a label such as "space.yaml at [rows=32]").
    public let file: String
    /// The file whose folder relative paths inside the document resolve against (`resolvePath`).
    /// Usually `file`; a document derived from another (a design point's architecture, built in
    /// memory from the space's base architecture) keeps the original's, so its `memory:` and the
    /// like mean what they meant in the original wherever the derived text is loaded.
    public let pathAnchor: String
    /// Dotted path of this section inside the document ("" at the top).
    public let path: String
    public let line: Int?
    private var entries: [(key: String, node: Node)]
    private var readKeys: Set<String> = []

    init(file: String, pathAnchor: String, path: String, line: Int?, entries: [(key: String, node: Node)]) {
        self.file = file
        self.pathAnchor = pathAnchor
        self.path = path
        self.line = line
        self.entries = entries
    }

    /// Parses `yaml` whose top level must be a mapping. `relativeTo` is the file whose folder the
    /// document's relative paths resolve against (default: `file`).
    public static func load(yaml: String, file: String, relativeTo anchor: String? = nil) throws -> ConfigSection {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw InputError(file: file, line: Self.line(of: error), "malformed YAML: \(Self.summary(of: error))")
        }
        guard let node else { throw InputError(file: file, "the file is empty; expected a YAML mapping") }
        return try section(node, file: file, pathAnchor: anchor ?? file, path: "")
    }

    /// A document already parsed (a design point's, built from a parsed template).
    public static func load(node: Node, file: String, relativeTo anchor: String? = nil) throws -> ConfigSection {
        try section(node, file: file, pathAnchor: anchor ?? file, path: "")
    }

    /// A path written in this document, resolved against `pathAnchor`'s folder.
    public func resolvePath(_ relative: String) -> String { InputPath.resolve(relative, against: pathAnchor) }

    static func section(_ node: Node, file: String, pathAnchor: String, path: String) throws -> ConfigSection {
        guard case .mapping(let mapping) = node else {
            throw InputError(file: file, line: node.mark.map { $0.line }, field: path.isEmpty ? nil : path,
                             "expected a mapping of 'key: value' lines")
        }
        var entries: [(String, Node)] = []
        for (keyNode, valueNode) in mapping {
            guard let key = keyNode.string else {
                throw InputError(file: file, line: keyNode.mark?.line, "keys must be plain strings")
            }
            if entries.contains(where: { $0.0 == key }) {
                throw InputError(file: file, line: keyNode.mark?.line, field: Self.join(path, key), "duplicate key")
            }
            entries.append((key, valueNode))
        }
        return ConfigSection(file: file, pathAnchor: pathAnchor, path: path, line: node.mark?.line, entries: entries)
    }

    public var keys: [String] { entries.map(\.key) }

    public func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// An error placed at `key`'s line (or this section's line when the key is absent).
    public func error(_ key: String, _ message: String) -> InputError {
        InputError(file: file, line: line(of: key), field: Self.join(path, key), message)
    }

    func node(_ key: String) -> Node? { entries.first { $0.key == key }?.node }

    /// The line of `key`, or of this section when the key is absent.
    public func line(of key: String) -> Int? { node(key)?.mark?.line ?? line }

    private func scalar(_ key: String) throws -> (text: String, line: Int?)? {
        guard let node = node(key) else { return nil }
        readKeys.insert(key)
        guard case .scalar(let scalar) = node else {
            throw error(key, "expected a single value, found a \(node.isMapping ? "mapping" : "list")")
        }
        return (scalar.string, node.mark?.line)
    }

    /// A whole number in `range`, or `default` when the key is absent (required when `default` is nil).
    public func int(_ key: String, default defaultValue: Int? = nil,
                    range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let (text, _) = try scalar(key) else {
            if let defaultValue { return defaultValue }
            throw error(key, "is required (a whole number in \(Self.describe(range)))")
        }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard let value = Int(cleaned) else {
            throw error(key, "'\(text)' is not a whole number; allowed: \(Self.describe(range))")
        }
        guard range.contains(value) else {
            throw error(key, "\(value) is out of range; allowed: \(Self.describe(range))")
        }
        return value
    }

    /// A number (decimal allowed) in `range`.
    public func double(_ key: String, default defaultValue: Double? = nil,
                       range: ClosedRange<Double> = -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        throws -> Double {
        guard let (text, _) = try scalar(key) else {
            if let defaultValue { return defaultValue }
            throw error(key, "is required (a number in \(range.lowerBound)...\(range.upperBound))")
        }
        // Before any use (a clock becomes whole kilohertz): NaN, ±infinity and overflowing
        // literals (1e400) are refused here, so no conversion to Int can trap (issue 11).
        guard let value = Double(text.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            throw error(key, "'\(text)' is not a finite number; allowed: \(range.lowerBound)...\(range.upperBound)")
        }
        guard range.contains(value) else {
            throw error(key, "\(text) is out of range; allowed: \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    public func string(_ key: String, default defaultValue: String? = nil) throws -> String {
        guard let (text, _) = try scalar(key) else {
            if let defaultValue { return defaultValue }
            throw error(key, "is required")
        }
        return text
    }

    public func optionalString(_ key: String) throws -> String? { try scalar(key)?.text }

    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let (text, _) = try scalar(key) else { return defaultValue }
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw error(key, "'\(text)' is not a boolean; allowed: true, false")
        }
    }

    /// One of `allowed` (case-insensitive), returned lower-cased.
    public func choice(_ key: String, _ allowed: [String], default defaultValue: String? = nil) throws -> String {
        let text = try string(key, default: defaultValue)
        guard let match = allowed.first(where: { $0.lowercased() == text.lowercased() }) else {
            throw error(key, "'\(text)' is not allowed; allowed: \(allowed.joined(separator: ", "))")
        }
        return match
    }

    /// A nested mapping, or nil when absent.
    public func section(_ key: String) throws -> ConfigSection? {
        guard let node = node(key) else { return nil }
        readKeys.insert(key)
        return try Self.section(node, file: file, pathAnchor: pathAnchor, path: Self.join(path, key))
    }

    /// A list of mappings (`levels: [{name: L1, …}, …]`), or nil when absent; element i's fields are
    /// named `key.i.field` in errors. An empty list or an element that is not a mapping is an error.
    public func sectionList(_ key: String) throws -> [ConfigSection]? {
        guard let node = node(key) else { return nil }
        readKeys.insert(key)
        guard case .sequence(let sequence) = node else {
            throw error(key, "expected a list ('- {…}' lines or '[{…}, …]'), found a \(node.isMapping ? "mapping" : "single value")")
        }
        guard !sequence.isEmpty else { throw error(key, "is empty; expected at least one entry") }
        return try sequence.enumerated().map { index, element in
            try Self.section(element, file: file, pathAnchor: pathAnchor, path: Self.join(path, "\(key).\(index)"))
        }
    }

    /// A list of whole numbers in `range` (`shares: [1, 2]`), or nil when absent.
    public func intList(_ key: String, range: ClosedRange<Int>) throws -> [Int]? {
        guard let node = node(key) else { return nil }
        readKeys.insert(key)
        guard case .sequence(let sequence) = node else {
            throw error(key, "expected a list of whole numbers in \(Self.describe(range)), e.g. [1, 2]")
        }
        return try sequence.map { element in
            guard let text = element.scalar?.string, let value = Int(text.replacingOccurrences(of: "_", with: "")),
                  range.contains(value) else {
                throw InputError(file: file, line: element.mark?.line ?? line, field: Self.join(path, key),
                                 "'\(element.scalar?.string ?? "…")' is not allowed; expected whole numbers in \(Self.describe(range))")
            }
            return value
        }
    }

    /// Marks `key` as read without reading it (a key consumed by someone else, e.g. `family`).
    public func markRead(_ key: String) { readKeys.insert(key) }

    /// Rejects keys that were never read: a misspelt key is an error, not a silent default.
    public func finish(allowedHint: [String]? = nil) throws {
        for (key, node) in entries where !readKeys.contains(key) {
            let known = allowedHint ?? Array(readKeys).sorted()
            throw InputError(file: file, line: node.mark?.line, field: Self.join(path, key),
                             "unknown key; known keys here: \(known.sorted().joined(separator: ", "))")
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound == Int.min, range.upperBound == Int.max) {
        case (true, true): return "any whole number"
        case (false, true): return "≥ \(range.lowerBound)"
        case (true, false): return "≤ \(range.upperBound)"
        case (false, false): return "\(range.lowerBound)...\(range.upperBound)"
        }
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}

extension Node {
    var isMapping: Bool { if case .mapping = self { return true } else { return false } }
}

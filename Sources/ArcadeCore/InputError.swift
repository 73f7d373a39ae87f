/// An error in something the user gave Arcade: a file, a field, a flag.
///
/// Every message names where the problem is (file, line when known, field) and what is
/// allowed, so the user can fix it without reading Arcade's source. The CLI turns these
/// into exit code 2 and writes no result file.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String?
    public var line: Int?
    public var field: String?
    public var message: String
    /// The input is well formed but the design it describes exceeds a hard budget of its device
    /// (an FPGA's DSPs or block RAM): in a design space this is an infeasible point with this
    /// message as its reason, not a broken space file.
    public var isDesignLimit = false

    public init(file: String? = nil, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// A design that does not fit its device (`isDesignLimit`).
    public static func designLimit(file: String? = nil, field: String? = nil, _ message: String) -> InputError {
        var error = InputError(file: file, field: field, message)
        error.isDesignLimit = true
        return error
    }

    /// `file:line: field 'x': message`, omitting whatever is unknown.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            location += ": "
        }
        let fieldPart = field.map { "field '\($0)': " } ?? ""
        return location + fieldPart + message
    }

    /// The same error, placed in `file` when it did not name a file yet.
    public func located(inFile file: String) -> InputError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }
}

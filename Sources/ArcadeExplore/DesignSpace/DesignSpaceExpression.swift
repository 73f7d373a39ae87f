/// A constraint expression over parameter names, compiled once and evaluated per point without
/// simulating.
///
/// Grammar (lowest precedence first), as in most languages:
/// ```
/// or         := and ("or" and)*
/// and        := negation ("and" negation)*
/// negation   := "not" negation | comparison
/// comparison := sum (("<=" | "<" | ">=" | ">" | "==" | "!=") sum)?
/// sum        := product (("+" | "-") product)*
/// product    := unary (("*" | "/") unary)*
/// unary      := "-" unary | "(" or ")" | number | 'string' | parameter
/// ```
/// Bounded work: an expression has at most `maximumTokens` tokens and nests at most
/// `maximumDepth` levels of parentheses, `not` and unary `-`, so parsing, evaluating and freeing
/// the tree (all recursive) stay far inside any thread's stack whatever the input.
///
/// Parameters are the space's parameter names (dotted keys allowed); a categorical parameter
/// compares with a quoted string (`dataflow != 'is'`). Types are checked at compile time: a
/// constraint must be true/false, arithmetic needs numbers, and/or need comparisons.
public struct DesignSpaceExpression: Sendable, Equatable {
    /// A compile error: `column` is 1-based within the expression text.
    public struct SyntaxError: Error, Equatable {
        public var column: Int
        public var message: String
    }

    enum Value: Equatable, Sendable {
        case number(Double), string(String), bool(Bool)
    }

    indirect enum Term: Equatable, Sendable {
        case constant(Value)
        case parameter(Int)
        case negate(Term)
        case not(Term)
        case binary(String, Term, Term)
    }

    enum ValueType: String { case number, string, boolean }

    public let text: String
    let root: Term

    /// Nesting limit (parentheses, `not`, unary `-`); real constraints nest two or three levels.
    public static let maximumDepth = 64
    /// Token limit: it also bounds the depth of left-leaning operator chains (`a + a + … + a`).
    public static let maximumTokens = 1_000

    /// Compiles `text`; `parameters` are the names in dimension order, `types` whether each is numeric.
    public init(_ text: String, parameters: [String], numeric: [Bool]) throws(SyntaxError) {
        var parser = Parser(text: text, parameters: parameters, numeric: numeric)
        let (term, type) = try parser.parseOr()
        if let token = parser.peek() { throw SyntaxError(column: token.column, message: "unexpected '\(token.text)'") }
        guard type == .boolean else {
            throw SyntaxError(column: 1, message: "a constraint must be a comparison such as 'rows * columns <= 16384', found a \(type.rawValue)")
        }
        self.text = text
        self.root = term
    }

    /// True when the point (one value per parameter, `values[d]` the value of dimension d) satisfies it.
    func holds(_ values: [Value]) -> Bool {
        if case .bool(let result) = Self.evaluate(root, values) { return result }
        return false
    }

    static func evaluate(_ term: Term, _ values: [Value]) -> Value {
        switch term {
        case .constant(let value): return value
        case .parameter(let index): return values[index]
        case .negate(let inner):
            if case .number(let x) = evaluate(inner, values) { return .number(-x) }
            return .number(.nan)
        case .not(let inner):
            if case .bool(let x) = evaluate(inner, values) { return .bool(!x) }
            return .bool(false)
        case .binary(let op, let left, let right):
            let lhs = evaluate(left, values)
            if op == "and", case .bool(false) = lhs { return .bool(false) }
            if op == "or", case .bool(true) = lhs { return .bool(true) }
            let rhs = evaluate(right, values)
            switch (lhs, rhs) {
            case (.number(let a), .number(let b)):
                switch op {
                case "+": return .number(a + b)
                case "-": return .number(a - b)
                case "*": return .number(a * b)
                case "/": return .number(a / b)
                case "<": return .bool(a < b)
                case "<=": return .bool(a <= b)
                case ">": return .bool(a > b)
                case ">=": return .bool(a >= b)
                case "==": return .bool(a == b)
                default: return .bool(a != b)
                }
            case (.bool(_), .bool(let b)): return .bool(b)  // and/or after the short circuit above
            default: return .bool(op == "==" ? lhs == rhs : op == "!=" ? lhs != rhs : false)
            }
        }
    }

    struct Token {
        enum Kind { case number, string, name, symbol }
        var kind: Kind
        var text: String
        var column: Int
    }

    struct Parser {
        var tokens: [Token] = []
        var position = 0
        let parameters: [String]
        let numeric: [Bool]
        var tokenizeError: SyntaxError?
        /// Current nesting of parentheses, `not` and unary `-`.
        var depth = 0

        init(text: String, parameters: [String], numeric: [Bool]) {
            self.parameters = parameters
            self.numeric = numeric
            do { tokens = try Self.tokenize(Array(text)) } catch { tokenizeError = error }
            // Nesting first (a scan, no recursion), so 100k '(' report the depth limit, not the token count.
            var open = 0
            for token in tokens where tokenizeError == nil && token.kind == .symbol {
                if token.text == "(" { open += 1 } else if token.text == ")" { open -= 1 }
                if open > DesignSpaceExpression.maximumDepth { tokenizeError = Self.tooDeep(token) }
            }
            if tokenizeError == nil, tokens.count > DesignSpaceExpression.maximumTokens {
                tokenizeError = SyntaxError(column: tokens[DesignSpaceExpression.maximumTokens].column,
                                            message: "the expression has \(tokens.count) tokens; allowed: at most "
                                                + "\(DesignSpaceExpression.maximumTokens) (split it into several constraints)")
            }
        }

        /// Enters one nesting level at `token`, refusing to go past `maximumDepth`.
        mutating func enter(_ token: Token) throws(SyntaxError) {
            depth += 1
            guard depth <= DesignSpaceExpression.maximumDepth else { throw Self.tooDeep(token) }
        }

        static func tooDeep(_ token: Token) -> SyntaxError {
            SyntaxError(column: token.column, message: "'\(token.text)' nests deeper than "
                        + "\(DesignSpaceExpression.maximumDepth) levels; allowed: at most "
                        + "\(DesignSpaceExpression.maximumDepth) levels of parentheses, 'not' and '-'")
        }

        func peek() -> Token? { position < tokens.count ? tokens[position] : nil }

        mutating func accept(_ symbols: Set<String>) -> Token? {
            guard let token = peek(), token.kind == .symbol || token.kind == .name, symbols.contains(token.text) else { return nil }
            position += 1
            return token
        }

        mutating func parseOr() throws(SyntaxError) -> (Term, ValueType) {
            if let tokenizeError { throw tokenizeError }
            return try parseChain(["or"], next: { parser throws(SyntaxError) in try parser.parseAnd() })
        }

        mutating func parseAnd() throws(SyntaxError) -> (Term, ValueType) {
            try parseChain(["and"], next: { parser throws(SyntaxError) in try parser.parseNot() })
        }

        /// `not` binds looser than a comparison: `not rows < 8` is `not (rows < 8)`.
        mutating func parseNot() throws(SyntaxError) -> (Term, ValueType) {
            guard let token = accept(["not"]) else { return try parseComparison() }
            try enter(token)
            defer { depth -= 1 }
            let (inner, type) = try parseNot()
            guard type == .boolean else { throw SyntaxError(column: token.column, message: "'not' needs a comparison") }
            return (.not(inner), .boolean)
        }

        mutating func parseChain(_ ops: Set<String>, next: (inout Parser) throws(SyntaxError) -> (Term, ValueType))
            throws(SyntaxError) -> (Term, ValueType) {
            var (term, type) = try next(&self)
            while let op = accept(ops) {
                let right = try next(&self)
                guard type == .boolean else { throw SyntaxError(column: op.column, message: "'\(op.text)' needs a comparison on its left") }
                guard right.1 == .boolean else { throw SyntaxError(column: op.column, message: "'\(op.text)' needs a comparison on its right") }
                term = .binary(op.text, term, right.0)
            }
            return (term, type)
        }

        mutating func parseComparison() throws(SyntaxError) -> (Term, ValueType) {
            let (left, leftType) = try parseArithmetic(["+", "-"])
            guard let op = accept(["<", "<=", ">", ">=", "==", "!="]) else { return (left, leftType) }
            let (right, rightType) = try parseArithmetic(["+", "-"])
            let equality = op.text == "==" || op.text == "!="
            guard leftType == rightType, leftType == .number || (equality && leftType == .string) else {
                throw SyntaxError(column: op.column, message: "cannot compare a \(leftType.rawValue) with a \(rightType.rawValue) using '\(op.text)'")
            }
            if let next = peek(), ["<", "<=", ">", ">=", "==", "!="].contains(next.text) {
                throw SyntaxError(column: next.column, message: "comparisons cannot be chained; join them with 'and'")
            }
            return (.binary(op.text, left, right), .boolean)
        }

        /// Sums when `ops` is + -, products when * /.
        mutating func parseArithmetic(_ ops: Set<String>) throws(SyntaxError) -> (Term, ValueType) {
            let multiplicative = ops.contains("*")
            var (term, type) = multiplicative ? try parseUnary() : try parseArithmetic(["*", "/"])
            while let op = accept(ops) {
                let (right, rightType) = multiplicative ? try parseUnary() : try parseArithmetic(["*", "/"])
                guard type == .number, rightType == .number else {
                    throw SyntaxError(column: op.column, message: "'\(op.text)' needs numbers on both sides")
                }
                term = .binary(op.text, term, right)
            }
            return (term, type)
        }

        mutating func parseUnary() throws(SyntaxError) -> (Term, ValueType) {
            guard let token = peek() else {
                let column = tokens.last.map { $0.column + $0.text.count } ?? 1
                throw SyntaxError(column: column, message: "expression ends too early; expected a number, parameter or '('")
            }
            position += 1
            switch token.kind {
            case .number: return (.constant(.number(Double(token.text)!)), .number)
            case .string: return (.constant(.string(token.text)), .string)
            case .name where ["and", "or", "not"].contains(token.text):
                throw SyntaxError(column: token.column, message: "unexpected '\(token.text)'; expected a number, parameter or '('")
            case .name:
                guard let index = parameters.firstIndex(of: token.text) else {
                    throw SyntaxError(column: token.column,
                                      message: "unknown parameter '\(token.text)'; allowed: \(parameters.joined(separator: ", "))")
                }
                return (.parameter(index), numeric[index] ? .number : .string)
            case .symbol where token.text == "-":
                try enter(token)
                defer { depth -= 1 }
                let (inner, type) = try parseUnary()
                guard type == .number else { throw SyntaxError(column: token.column, message: "'-' needs a number") }
                return (.negate(inner), .number)
            case .symbol where token.text == "(":
                try enter(token)
                defer { depth -= 1 }
                let inner = try parseOr()
                guard accept([")"]) != nil else {
                    throw SyntaxError(column: peek()?.column ?? token.column, message: "'(' at column \(token.column) is never closed")
                }
                return inner
            case .symbol:
                throw SyntaxError(column: token.column, message: "unexpected '\(token.text)'; expected a number, parameter or '('")
            }
        }

        static func tokenize(_ characters: [Character]) throws(SyntaxError) -> [Token] {
            var tokens: [Token] = []
            var index = 0
            while index < characters.count {
                let character = characters[index], column = index + 1
                if character.isWhitespace { index += 1; continue }
                if character.isNumber || (character == "." && index + 1 < characters.count && characters[index + 1].isNumber) {
                    var end = index
                    while end < characters.count,
                          characters[end].isNumber || characters[end] == "." || characters[end] == "_"
                            || ((characters[end] == "e" || characters[end] == "E") && end + 1 < characters.count)
                            || ((characters[end] == "+" || characters[end] == "-") && end > index
                                && (characters[end - 1] == "e" || characters[end - 1] == "E")) {
                        end += 1
                    }
                    let text = String(characters[index..<end]).replacingOccurrences(of: "_", with: "")
                    guard Double(text) != nil else { throw SyntaxError(column: column, message: "'\(text)' is not a number") }
                    tokens.append(Token(kind: .number, text: text, column: column))
                    index = end
                } else if character.isLetter || character == "_" {
                    var end = index
                    while end < characters.count, characters[end].isLetter || characters[end].isNumber
                            || characters[end] == "_" || characters[end] == "." {
                        end += 1
                    }
                    tokens.append(Token(kind: .name, text: String(characters[index..<end]), column: column))
                    index = end
                } else if character == "'" || character == "\"" {
                    guard let close = characters[(index + 1)...].firstIndex(of: character) else {
                        throw SyntaxError(column: column, message: "string is never closed")
                    }
                    tokens.append(Token(kind: .string, text: String(characters[(index + 1)..<close]), column: column))
                    index = close + 1
                } else {
                    let pair = index + 1 < characters.count ? String(characters[index...(index + 1)]) : ""
                    if ["<=", ">=", "==", "!="].contains(pair) {
                        tokens.append(Token(kind: .symbol, text: pair, column: column))
                        index += 2
                    } else if "+-*/()<>".contains(character) {
                        tokens.append(Token(kind: .symbol, text: String(character), column: column))
                        index += 1
                    } else if character == "=" {
                        throw SyntaxError(column: column, message: "'=' is not an operator; use '==' to compare")
                    } else {
                        throw SyntaxError(column: column, message: "unexpected character '\(character)'")
                    }
                }
            }
            return tokens
        }
    }
}

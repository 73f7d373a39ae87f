/// A whole-number size in a graph file, written with the workload's sizes: `2`, `N + 1`, `2*N`,
/// `1 + log2(D)`. Variables: `N` (sequence length), `D` (head dimension), `H` (heads × batch).
/// Operators `+ - *` and `( )`, and `log2(x)` of a power of two; nothing else, so a typo is an
/// error naming what is allowed instead of a silent zero.
///
/// ```swift
/// try DataflowSizeExpression.evaluate("N + 1", sizes: ["N": 512, "D": 16, "H": 1])   // 513
/// ```
enum DataflowSizeExpression {
    struct Failure: Error { let message: String }

    static func evaluate(_ text: String, sizes: [String: Int]) throws -> Int {
        var parser = Parser(characters: Array(text), sizes: sizes)
        let value = try parser.sum()
        parser.skipSpaces()
        guard parser.position == parser.characters.count else {
            throw Failure(message: "unexpected '\(String(parser.characters[parser.position...]))' in '\(text)'; "
                              + "allowed: whole numbers, N, D, H, + - * ( ) and log2(…)")
        }
        return value
    }

    struct Parser {
        let characters: [Character]
        let sizes: [String: Int]
        var position = 0
        static let limit = 1 << 40     // sizes beyond this are never meant; keeps arithmetic from overflowing

        init(characters: [Character], sizes: [String: Int]) {
            self.characters = characters
            self.sizes = sizes
        }

        mutating func skipSpaces() { while position < characters.count && characters[position] == " " { position += 1 } }

        mutating func sum() throws -> Int {
            var value = try product()
            while true {
                skipSpaces()
                guard position < characters.count, characters[position] == "+" || characters[position] == "-" else { return value }
                let plus = characters[position] == "+"
                position += 1
                let rhs = try product()
                value = plus ? value + rhs : value - rhs
                try check(value)
            }
        }

        mutating func product() throws -> Int {
            var value = try atom()
            while true {
                skipSpaces()
                guard position < characters.count, characters[position] == "*" else { return value }
                position += 1
                value *= try atom()
                try check(value)
            }
        }

        mutating func atom() throws -> Int {
            skipSpaces()
            guard position < characters.count else { throw Failure(message: "the expression ends too early") }
            let character = characters[position]
            if character == "(" {
                position += 1
                let value = try sum()
                skipSpaces()
                guard position < characters.count, characters[position] == ")" else { throw Failure(message: "missing ')'") }
                position += 1
                return value
            }
            if character.isNumber {
                var digits = ""
                while position < characters.count, characters[position].isNumber || characters[position] == "_" {
                    if characters[position] != "_" { digits.append(characters[position]) }
                    position += 1
                }
                guard let value = Int(digits), value <= Self.limit else { throw Failure(message: "'\(digits)' is too large") }
                return value
            }
            if character.isLetter {
                var word = ""
                while position < characters.count, characters[position].isLetter || characters[position].isNumber {
                    word.append(characters[position])
                    position += 1
                }
                if word == "log2" {
                    skipSpaces()
                    guard position < characters.count, characters[position] == "(" else { throw Failure(message: "log2 needs '('") }
                    let argument = try atom()
                    guard argument > 0, argument & (argument - 1) == 0 else {
                        throw Failure(message: "log2 of \(argument): allowed only for powers of two")
                    }
                    return argument.trailingZeroBitCount
                }
                guard let value = sizes[word] else {
                    throw Failure(message: "unknown name '\(word)'; allowed: \(sizes.keys.sorted().joined(separator: ", ")), log2")
                }
                return value
            }
            throw Failure(message: "unexpected '\(character)'; allowed: whole numbers, N, D, H, + - * ( ) and log2(…)")
        }

        func check(_ value: Int) throws {
            guard abs(value) <= Self.limit else { throw Failure(message: "the value exceeds \(Self.limit)") }
        }
    }
}

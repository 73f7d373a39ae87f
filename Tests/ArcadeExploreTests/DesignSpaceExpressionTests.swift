import Testing
@testable import ArcadeExplore

@Suite struct DesignSpaceExpressionTests {
    let names = ["rows", "columns", "dataflow", "controller.depth"]
    let numeric = [true, true, false, true]

    func holds(_ text: String, _ rows: Double, _ columns: Double, _ dataflow: String = "os", depth: Double = 4) throws -> Bool {
        let expression = try DesignSpaceExpression(text, parameters: names, numeric: numeric)
        return expression.holds([.number(rows), .number(columns), .string(dataflow), .number(depth)])
    }

    func syntaxError(_ text: String) -> DesignSpaceExpression.SyntaxError? {
        do { _ = try DesignSpaceExpression(text, parameters: names, numeric: numeric); return nil } catch { return error }
    }

    @Test func arithmeticPrecedence() throws {
        #expect(try holds("rows + columns * 2 == 40", 8, 16))            // 8 + 32, not 48
        #expect(try holds("(rows + columns) * 2 == 48", 8, 16))
        #expect(try holds("rows - columns - 2 == -10", 8, 16))           // left-associative
        #expect(try holds("columns / rows / 2 == 1", 8, 16))
        #expect(try holds("-rows + 10 == 2", 8, 16))
        #expect(try holds("1.5e1 < rows * 2", 8, 16))
        #expect(try holds("controller.depth * 1_000 == 4000", 8, 16))
    }

    @Test func comparisonsAndLogic() throws {
        #expect(try holds("rows <= 8 and columns >= 16", 8, 16))
        #expect(try !holds("rows < 8 or columns > 16", 8, 16))
        // and binds tighter than or: true or (false and false)
        #expect(try holds("rows == 8 or rows == 9 and columns == 1", 8, 16))
        #expect(try !holds("(rows == 8 or rows == 9) and columns == 1", 8, 16))
        #expect(try holds("not rows > 8", 8, 16))
        #expect(try holds("rows != columns", 8, 16))
    }

    @Test func categoricalComparisons() throws {
        #expect(try holds("dataflow == 'os'", 8, 16))
        #expect(try holds("dataflow != \"ws\" or rows <= 4", 8, 16, "os"))
        #expect(try !holds("dataflow != 'ws' or rows <= 4", 8, 16, "ws"))
    }

    @Test func errorsCarryTheColumn() {
        #expect(syntaxError("rows * * columns")?.column == 8)
        #expect(syntaxError("rows * colums <= 4")?.column == 8)
        #expect(syntaxError("rows * colums <= 4")?.message.contains("unknown parameter 'colums'") == true)
        #expect(syntaxError("rows = 4")?.column == 6)
        #expect(syntaxError("(rows < 4")?.message.contains("never closed") == true)
        #expect(syntaxError("rows < 4)")?.column == 9)
        #expect(syntaxError("rows * columns")?.message.contains("must be a comparison") == true)
        #expect(syntaxError("rows < 4 < 8")?.column == 10)
        #expect(syntaxError("dataflow < 'os'")?.column == 10)
        #expect(syntaxError("dataflow == 4")?.message.contains("cannot compare a string with a number") == true)
        #expect(syntaxError("rows and columns")?.column == 6)
        #expect(syntaxError("rows < 4 and")?.message.contains("ends too early") == true)
        #expect(syntaxError("rows # 4")?.column == 6)
        #expect(syntaxError("dataflow == 'os")?.column == 13)
    }

    /// Bounded work: nesting and length are limited before any recursion, so a hostile expression
    /// (issue 11: 100k nested parentheses overflowed the stack) is a syntax error naming the limit.
    @Test func nestingAndLengthAreLimited() throws {
        let limit = DesignSpaceExpression.maximumDepth
        let deepest = String(repeating: "(", count: limit) + "rows < 8" + String(repeating: ")", count: limit)
        #expect(try holds(deepest, 4, 16))
        let tooDeep = String(repeating: "(", count: limit + 1) + "rows < 8" + String(repeating: ")", count: limit + 1)
        #expect(syntaxError(tooDeep)?.column == limit + 1)
        #expect(syntaxError(tooDeep)?.message.contains("at most \(limit) levels") == true)
        let huge = String(repeating: "(", count: 100_000) + "rows < 8" + String(repeating: ")", count: 100_000)
        #expect(syntaxError(huge)?.message.contains("nests deeper than \(limit)") == true)
        #expect(syntaxError(String(repeating: "not ", count: limit + 1) + "rows < 8")?.message.contains("nests deeper") == true)
        #expect(syntaxError(String(repeating: "- ", count: limit + 1) + "rows < 8")?.message.contains("nests deeper") == true)
        #expect(syntaxError(String(repeating: "not ", count: 100_000) + "rows < 8") != nil)   // the token limit
        #expect(syntaxError(String(repeating: "- ", count: 100_000) + "rows < 8") != nil)
        // A long flat chain is bounded by the token limit (left-leaning trees recurse on evaluation too).
        let chain = "rows" + String(repeating: " + rows", count: 100_000) + " < 8"
        #expect(syntaxError(chain)?.message.contains("allowed: at most \(DesignSpaceExpression.maximumTokens)") == true)
        #expect(try holds("rows" + String(repeating: " + rows", count: 400) + " > 8", 4, 16))
    }
}

/// One word held in a PE register or driven onto an edge of the array.
///
/// Hardware carries only `value`. `step` and `isPadding` are bookkeeping that lets the reference
/// check itself: each PE asserts that the two words it combines belong to the same temporal step,
/// so a wrong skew fails loudly instead of producing a plausible wrong number; and MACs on the
/// zeros that pad a partial fold are executed (they cost cycles) but not counted as work.
struct PEWord: Equatable, Sendable {
    /// Operand or partial sum. Operands are `Int32` widened once, so products and sums never overflow
    /// for the small reference shapes.
    var value: Int64
    /// Index in the temporal dimension T (for stationary words: the PE row they are meant for).
    var step: Int
    /// True for the zeros that fill PEs outside the layer's extent in a partial fold.
    var isPadding: Bool
}

/// A rows×columns grid stored row-major: one register per PE, or one operand tile.
///
/// - Complexity: O(1) access; the PE loops copy whole grids once per cycle (O(R·C)), which is the
///   cost of modelling clocked registers: every PE reads last cycle's values, never this cycle's.
struct PEGrid<Element: Sendable>: Sendable {
    let rows: Int
    let columns: Int
    private var storage: [Element]

    init(rows: Int, columns: Int, repeating element: Element) {
        precondition(rows >= 0 && columns >= 0, "grid extents must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: element, count: rows * columns)
    }

    /// Builds a grid by asking for each element, row by row.
    init(rows: Int, columns: Int, element: (_ row: Int, _ column: Int) -> Element) {
        self.rows = rows
        self.columns = columns
        var storage: [Element] = []
        storage.reserveCapacity(rows * columns)
        for row in 0..<rows {
            for column in 0..<columns { storage.append(element(row, column)) }
        }
        self.storage = storage
    }

    subscript(row: Int, column: Int) -> Element {
        get {
            assert(row >= 0 && row < rows && column >= 0 && column < columns, "PE (\(row), \(column)) outside grid")
            return storage[row * columns + column]
        }
        set {
            assert(row >= 0 && row < rows && column >= 0 && column < columns, "PE (\(row), \(column)) outside grid")
            storage[row * columns + column] = newValue
        }
    }
}

/// A row-major `Int32` matrix seen in the (row, column) order a dataflow needs. `transposed` swaps
/// the indices, so IS can stream Bᵀ and hold Aᵀ without copying either.
struct OperandView: Sendable {
    let elements: [Int32]
    /// Columns of the matrix as stored (row-major), before any transposition.
    let storedColumns: Int
    let transposed: Bool

    init(_ elements: [Int32], storedColumns: Int, transposed: Bool = false) {
        self.elements = elements
        self.storedColumns = storedColumns
        self.transposed = transposed
    }

    var transpose: OperandView { OperandView(elements, storedColumns: storedColumns, transposed: !transposed) }

    subscript(row: Int, column: Int) -> Int64 {
        let (storedRow, storedColumn) = transposed ? (column, row) : (row, column)
        return Int64(elements[storedRow * storedColumns + storedColumn])
    }
}

/// Rows of `width` floats in one allocation, owned by the unit that writes them: a source's input
/// tensor, or a ring of output rows that tokens on a channel point into (`DataflowToken.row`).
///
/// A reference-type owner so that no copy ever shares or frees the memory twice; rows are bounds
/// checked in debug builds, and nothing is allocated while a graph runs.
final class VectorRows {
    let rows: Int
    let width: Int
    private let storage: UnsafeMutablePointer<Float>

    init(rows: Int, width: Int) {
        precondition(rows >= 1 && width >= 1)
        self.rows = rows
        self.width = width
        storage = .allocate(capacity: rows * width)
        storage.initialize(repeating: 0, count: rows * width)
    }

    convenience init(copying values: [Float], width: Int) {
        self.init(rows: max(1, values.count / width), width: width)
        values.withUnsafeBufferPointer { storage.update(from: $0.baseAddress!, count: values.count) }
    }

    deinit { storage.deallocate() }

    @inline(__always)
    func row(_ index: Int) -> UnsafeMutablePointer<Float> {
        assert(index >= 0 && index < rows, "row \(index) of \(rows)")
        return storage + index * width
    }

    var values: [Float] { Array(UnsafeBufferPointer(start: storage, count: rows * width)) }
}

/// What moves on a dataflow channel: a scalar, or the index of a row in the sender's `VectorRows`
/// (the receiver reads the values through the channel's producer). Eight bytes, a plain value.
struct DataflowToken {
    var value: Float
    var row: Int32

    static let empty = DataflowToken(value: 0, row: 0)
}

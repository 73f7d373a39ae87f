/// A binary min-heap of already-sequenced events, ordered by (time, sequence).
/// Shared by `BinaryHeapQueue` (the whole queue) and `CalendarQueue` (its far-future overflow).
///
/// Hand-rolled rather than swift-collections' `Heap` (a min-max heap, ~25% slower here, see
/// notes/build-recipes.md) and to keep ArcadeKernel free of dependencies. Sifts move a hole
/// instead of swapping, so each level costs one move, not three.
///
/// - Complexity: `insert` and `removeFirst` O(log n); `first` O(1).
@usableFromInline
struct EventHeap<Event> {
    @usableFromInline var storage: ContiguousArray<ScheduledEvent<Event>> = []

    @inlinable init() {}

    @inlinable var count: Int { storage.count }
    @inlinable var first: ScheduledEvent<Event>? { storage.first }

    @inlinable
    mutating func insert(_ entry: ScheduledEvent<Event>) {
        storage.append(entry)
        storage.withUnsafeMutableBufferPointer { heap in
            var hole = heap.count - 1
            while hole > 0 {
                let parent = (hole - 1) >> 1
                guard entry.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = entry
        }
    }

    @inlinable
    mutating func removeFirst() -> ScheduledEvent<Event>? {
        guard let last = storage.popLast() else { return nil }
        if storage.isEmpty { return last }
        return storage.withUnsafeMutableBufferPointer { heap in
            let root = heap[0]
            // Sift `last` down from the root, moving the smaller child up into the hole.
            let count = heap.count
            var hole = 0
            while true {
                var child = 2 * hole + 1
                if child >= count { break }
                if child + 1 < count && heap[child + 1].precedes(heap[child]) { child += 1 }
                guard heap[child].precedes(last) else { break }
                heap[hole] = heap[child]
                hole = child
            }
            heap[hole] = last
            return root
        }
    }
}

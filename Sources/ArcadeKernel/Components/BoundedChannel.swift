/// A single-producer, single-consumer FIFO of bounded capacity with DAM's timing semantics
/// (stanford-ppl/DAM-RS, `src/channel/`):
/// - an element sent at time t becomes visible to the receiver at t + `sendLatency`;
/// - the sender sees a slot free again only `responseLatency` after the receiver dequeued the
///   element that held it — so a full channel blocks the sender until (dequeue time + response
///   latency), and back-pressure propagates upstream by itself;
/// - a receiver finding nothing visible waits until the head becomes visible or is sent.
///
/// Capacity counts elements the sender has not yet seen dequeued (in flight, waiting, or
/// dequeued with the credit still travelling back), which is DAM's bounded(capacity).
///
/// The channel wakes its endpoints itself: a blocked sender when the credit it needs arrives, a
/// waiting receiver when an element becomes visible. Endpoints poll with `trySend`/`tryReceive`
/// from their `handle`; a `false`/`nil` answer means "you will be woken".
///
/// Statistics are kept in picoseconds and reported in cycles of `clock`: peak and time-weighted
/// mean occupancy (elements sent and not yet dequeued), the time the sender was blocked on a full
/// channel, and the time the receiver waited on an empty one (after its first receive attempt).
///
/// ```swift
/// let q = BoundedChannel<Int>(name: "q", capacity: 2, sendLatency: 1_000, responseLatency: 1_000,
///                             clock: ClockDomain(periodPicoseconds: 1_000))
/// chip.connect(q, from: producer, to: consumer)
/// ```
///
/// - Complexity: O(1) per operation; storage is two rings allocated once (capacity elements and
///   capacity credits), so the hot path does not allocate.
public final class BoundedChannel<Element>: ChannelStatistics {
    public let name: String
    public let capacity: Int
    public let sendLatency: Picoseconds
    public let responseLatency: Picoseconds
    public let clock: ClockDomain

    public private(set) var sender: Int32 = -1
    public private(set) var receiver: Int32 = -1

    // Elements sent and not yet dequeued, with the time each becomes visible: rings of
    // `capacity` slots owned by this object (allocated once, freed in deinit; slots
    // head..<head+count are initialised). Raw storage because arrays in a class paid a
    // uniqueness check and a retain per access (perf, channel benchmark).
    @usableFromInline let elements: UnsafeMutablePointer<Element>
    @usableFromInline let readyTimes: UnsafeMutablePointer<Picoseconds>
    @usableFromInline var head = 0
    @usableFromInline var count = 0
    // Times at which the sender regains a slot: dequeue + response latency, ascending.
    @usableFromInline let credits: UnsafeMutablePointer<Picoseconds>
    @usableFromInline var creditHead = 0
    @usableFromInline var creditCount = 0

    @usableFromInline var senderBlockedSince: Picoseconds? = nil
    @usableFromInline var receiverWaitingSince: Picoseconds? = nil
    /// A wake of the receiver is already scheduled at this time (avoids one event per poll).
    @usableFromInline var receiverWakeAt: Picoseconds = .max
    @usableFromInline var senderWakeAt: Picoseconds = .max
    /// A run-ahead sender found every slot holding an undequeued element and waits for a dequeue.
    @usableFromInline var runAheadSenderWaiting = false
    /// A run-ahead receiver found the channel empty and waits for a send.
    @usableFromInline var runAheadReceiverWaiting = false

    // Statistics. Occupancy is kept from each element's send and dequeue times, not from the order
    // in which those operations run, so that it is exact for run-ahead endpoints too (whose clocks
    // run ahead of the kernel's and of each other; see BoundedChannel+RunAhead.swift).
    @usableFromInline var sentCount: UInt64 = 0
    public var sent: UInt64 { sentCount }
    @usableFromInline var peakSeen = 0
    /// Σ over dequeued elements of (dequeue time − send time): the area under occupancy(t), as
    /// whole picoseconds (an integer add per dequeue; a Double's convert-and-add was a third of a
    /// receive), folded into `residenceFolded` before it could overflow.
    @usableFromInline var residencePicoseconds: UInt64 = 0
    @usableFromInline var residenceFolded: Double = 0
    /// Send time of each element in the ring (same slots as `elements`).
    @usableFromInline let sendTimes: UnsafeMutablePointer<Picoseconds>
    /// Dequeue times of the last `capacity` elements, by sequence number modulo capacity.
    @usableFromInline let dequeueTimes: UnsafeMutablePointer<Picoseconds>
    /// The first sequence number whose dequeue time is after the send time last examined (monotone),
    /// and its slot in `dequeueTimes`; the next dequeue's slot. Kept incrementally: a modulo per
    /// dequeue cost a tenth of a dataflow run.
    @usableFromInline var firstLaterDequeue: UInt64 = 0
    @usableFromInline var firstLaterSlot = 0
    @usableFromInline var dequeueSlot = 0
    @usableFromInline var latestTime: Picoseconds = 0
    @usableFromInline var senderBlockedPicoseconds: Picoseconds = 0
    @usableFromInline var receiverStarvedPicoseconds: Picoseconds = 0

    public init(name: String, capacity: Int, sendLatency: Picoseconds = 0, responseLatency: Picoseconds = 0,
                clock: ClockDomain) {
        precondition(capacity >= 1, "a channel holds at least one element")
        self.name = name
        self.capacity = capacity
        self.sendLatency = sendLatency
        self.responseLatency = responseLatency
        self.clock = clock
        elements = .allocate(capacity: capacity)
        readyTimes = .allocate(capacity: capacity)
        readyTimes.initialize(repeating: 0, count: capacity)
        credits = .allocate(capacity: capacity)
        credits.initialize(repeating: 0, count: capacity)
        sendTimes = .allocate(capacity: capacity)
        sendTimes.initialize(repeating: 0, count: capacity)
        dequeueTimes = .allocate(capacity: capacity)
        dequeueTimes.initialize(repeating: 0, count: capacity)
    }

    deinit {
        for offset in 0..<count { (elements + (head + offset) % capacity).deinitialize(count: 1) }
        elements.deallocate()
        readyTimes.deallocate()
        credits.deallocate()
        sendTimes.deallocate()
        dequeueTimes.deallocate()
    }

    func attach(sender: Int32, receiver: Int32) {
        precondition(self.sender < 0 && self.receiver < 0, "channel '\(name)' is connected twice")
        self.sender = sender
        self.receiver = receiver
    }

    /// Elements sent and not yet dequeued.
    public var occupancy: Int { count }

    /// Records the dequeue of the head element at `time` (before it leaves the ring): its residence,
    /// and the occupancy just after it was sent, which is final now, because every earlier element
    /// is dequeued and later ones leave later. The peak of occupancy(t) is reached right after some
    /// send, so the maximum of these is the peak.
    @inlinable @inline(__always)
    func recordDequeue(at time: Picoseconds) {
        let sequence = sentCount &- UInt64(count)
        let sendTime = sendTimes[head]
        residencePicoseconds &+= time &- sendTime
        if residencePicoseconds >= 1 << 62 {
            residenceFolded += Double(residencePicoseconds)
            residencePicoseconds = 0
        }
        dequeueTimes[dequeueSlot] = time
        dequeueSlot = dequeueSlot + 1 == capacity ? 0 : dequeueSlot + 1
        // The window's oldest slot is the one after the newest: no modulo on this path.
        let occupancy = occupancyAfterSend(of: sequence, sentAt: sendTime, dequeued: sequence &+ 1, windowSlot: dequeueSlot,
                                           pointer: &firstLaterDequeue, slot: &firstLaterSlot)
        if occupancy > peakSeen { peakSeen = occupancy }
        if time > latestTime { latestTime = time }
    }

    /// Elements sent up to `sendTime` (all of 0…sequence) minus those of them dequeued by then:
    /// advances `pointer` (with its `slot` in `dequeueTimes`) over the dequeue times ≤ sendTime of
    /// the first `dequeued` elements. Elements older than sequence − capacity left before it was
    /// sent (their credit let it go), so the pointer first jumps to that window, whose oldest
    /// element sits in `windowSlot`.
    @inlinable @inline(__always)
    func occupancyAfterSend(of sequence: UInt64, sentAt sendTime: Picoseconds, dequeued: UInt64,
                            windowSlot: @autoclosure () -> Int, pointer: inout UInt64, slot: inout Int) -> Int {
        if sequence &+ 1 &- pointer > UInt64(capacity) {
            pointer = sequence &+ 1 &- UInt64(capacity)
            slot = windowSlot()
        }
        while pointer < dequeued && dequeueTimes[slot] <= sendTime {
            pointer &+= 1
            slot = slot + 1 == capacity ? 0 : slot + 1
        }
        return Int(sequence &+ 1 &- pointer)
    }

    /// Slots the sender sees taken at `now`: everything not yet credited back.
    @inlinable @inline(__always)
    func retireCredits(at now: Picoseconds) {
        while creditCount > 0 && credits[creditHead] <= now {
            creditHead = creditHead + 1 == capacity ? 0 : creditHead + 1
            creditCount -= 1
        }
    }

    /// Sends `element` at `now`; false when the channel is full for the sender, who is then woken
    /// when a slot's credit arrives.
    public func trySend(_ element: Element, at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        retireCredits(at: now)
        if count + creditCount >= capacity {
            if senderBlockedSince == nil { senderBlockedSince = now }
            // A credit already travelling back wakes the sender when it lands; otherwise the
            // receiver's next dequeue schedules the wake.
            if creditCount > 0 { wakeSender(at: credits[creditHead], scheduler: &scheduler) }
            return false
        }
        if let since = senderBlockedSince {
            senderBlockedPicoseconds += now - since
            senderBlockedSince = nil
        }
        enqueue(element, sentAt: now, readyAt: now + sendLatency, scheduler: &scheduler)
        return true
    }

    /// Appends `element` (a slot is free), sent at `time` and visible at `ready`, and wakes a
    /// receiver waiting for it. Both kinds of sender end here.
    @inlinable @inline(__always)
    func enqueue(_ element: Element, sentAt time: Picoseconds, readyAt ready: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        var slot = head + count
        if slot >= capacity { slot -= capacity }
        assert(slot >= 0 && slot < capacity)
        (elements + slot).initialize(to: element)
        readyTimes[slot] = ready
        sendTimes[slot] = time
        count += 1
        sentCount &+= 1
        if time > latestTime { latestTime = time }
        if receiverWaitingSince != nil { wakeReceiver(at: ready, scheduler: &scheduler) }
        if runAheadReceiverWaiting { wakeRunAheadReceiver(scheduler: &scheduler) }
    }

    /// Whether a send at `now` would succeed (no side effects but retiring credits).
    public func canSend(at now: Picoseconds) -> Bool {
        retireCredits(at: now)
        return count + creditCount < capacity
    }

    /// The head element if it is visible at `now`, without removing it; otherwise nil and the
    /// receiver will be woken when it is.
    public func peek(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) -> Element? {
        guard isVisible(at: now, scheduler: &scheduler) else { return nil }
        return elements[head]
    }

    /// Whether the head element is visible at `now`; if not, the receiver will be woken.
    @inline(__always)
    func isVisible(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        guard count > 0 else {
            if receiverWaitingSince == nil { receiverWaitingSince = now }
            return false
        }
        let ready = readyTimes[head]
        guard ready <= now else {
            if receiverWaitingSince == nil { receiverWaitingSince = now }
            wakeReceiver(at: ready, scheduler: &scheduler)
            return false
        }
        return true
    }

    /// Removes and returns the head element if it is visible at `now`; otherwise nil and the
    /// receiver will be woken when it is.
    public func tryReceive(at now: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) -> Element? {
        guard isVisible(at: now, scheduler: &scheduler) else { return nil }
        if let since = receiverWaitingSince {
            receiverStarvedPicoseconds += now - since
            receiverWaitingSince = nil
        }
        return dequeueHead(at: now, scheduler: &scheduler)
    }

    /// Takes the head element at `time` (it is visible then): records it, sends its slot's credit
    /// back at time + response latency, and wakes a sender waiting for that slot. Both kinds of
    /// receiver end here.
    @inlinable @inline(__always)
    func dequeueHead(at time: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) -> Element {
        recordDequeue(at: time)
        let element = (elements + head).move()
        head = head + 1 == capacity ? 0 : head + 1
        count -= 1
        let creditTime = time + responseLatency
        var creditSlot = creditHead + creditCount
        if creditSlot >= capacity { creditSlot -= capacity }
        credits[creditSlot] = creditTime
        creditCount += 1
        if senderBlockedSince != nil { wakeSender(at: creditTime, scheduler: &scheduler) }
        if runAheadSenderWaiting { wakeRunAheadSender(scheduler: &scheduler) }
        return element
    }

    @inlinable @inline(__always)
    func wakeReceiver(at time: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        // One pending future wake per time is enough: the receiver re-polls when it runs. (A wake
        // at `now` is always scheduled: one at `now` may already have run.)
        if receiverWakeAt == time && time > scheduler.now { return }
        receiverWakeAt = time
        scheduler.schedule(ComponentEvent(target: receiver, kind: .wake), at: max(time, scheduler.now))
    }

    @inlinable @inline(__always)
    func wakeSender(at time: Picoseconds, scheduler: inout Scheduler<ComponentEvent>) {
        if senderWakeAt == time && time > scheduler.now { return }
        senderWakeAt = time
        scheduler.schedule(ComponentEvent(target: sender, kind: .wake), at: max(time, scheduler.now))
    }

    // MARK: ChannelStatistics

    public var senderIsBlocked: Bool { senderBlockedSince != nil || runAheadSenderWaiting }
    public var receiverIsWaiting: Bool { (receiverWaitingSince != nil || runAheadReceiverWaiting) && count == 0 }

    public func statistics(endingAt end: Picoseconds) -> ChannelReport {
        let until = max(end, latestTime)
        var area = residenceFolded + Double(residencePicoseconds)
        var peak = peakSeen
        var pointer = firstLaterDequeue, pointerSlot = firstLaterSlot
        let dequeued = sent - UInt64(count)
        for offset in 0..<count {      // elements still in the channel stay until the end
            let slot = (head + offset) % capacity
            let sequence = dequeued + UInt64(offset)
            area += Double(until - sendTimes[slot])
            peak = max(peak, occupancyAfterSend(of: sequence, sentAt: sendTimes[slot], dequeued: dequeued,
                                                windowSlot: Int((sequence + 1) % UInt64(capacity)),
                                                pointer: &pointer, slot: &pointerSlot))
        }
        var blocked = senderBlockedPicoseconds
        if let since = senderBlockedSince, until > since { blocked += until - since }
        var starved = receiverStarvedPicoseconds
        if let since = receiverWaitingSince, until > since { starved += until - since }
        return ChannelReport(name: name, depth: capacity, elementsSent: sent, peakOccupancy: peak,
                             meanOccupancy: until == 0 ? 0 : area / Double(until),
                             senderBlockedCycles: clock.cycles(covering: blocked),
                             receiverStarvedCycles: clock.cycles(covering: starved),
                             finalOccupancy: count)
    }
}

/// What every channel reports, whatever its element type.
public protocol ChannelStatistics: AnyObject {
    var name: String { get }
    var capacity: Int { get }
    var occupancy: Int { get }
    var sender: Int32 { get }
    var receiver: Int32 { get }
    var senderIsBlocked: Bool { get }
    var receiverIsWaiting: Bool { get }
    func statistics(endingAt end: Picoseconds) -> ChannelReport
}

/// One channel's statistics over a run.
public struct ChannelReport: Hashable, Sendable, Codable {
    public var name: String
    public var depth: Int
    public var elementsSent: UInt64
    public var peakOccupancy: Int
    /// Time-weighted over the run (0 … depth).
    public var meanOccupancy: Double
    public var senderBlockedCycles: UInt64
    public var receiverStarvedCycles: UInt64
    /// Elements still in the channel when the run ended (non-zero in a deadlock).
    public var finalOccupancy: Int
}

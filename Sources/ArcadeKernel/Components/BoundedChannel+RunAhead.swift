/// Run-ahead (DAM-style) endpoints: a component with its own clock, `time`, that may be ahead of
/// the kernel's `now`, as DAM's contexts are (stanford-ppl/DAM-RS, `src/channel/`, `TimeManager`).
///
/// DAM's timing is local to each channel, so these operations give the same times as a kernel
/// that advanced one cycle at a time (the test `runAheadMatchesTheKernelClock` runs one schedule
/// both ways):
/// - `send` stamps an element max(`readyAt`, time + send latency); when every slot is taken it
///   takes the oldest credit already travelling back, advancing `time` to its arrival (the
///   sender was blocked that long), and only when no credit is travelling — every slot holds an
///   element the receiver has not taken — does it return false: the receiver's next dequeue
///   wakes the sender.
/// - `receive` takes the head whatever its time, advancing `time` to the time it becomes visible
///   (the receiver starved that long), and sends its slot back at time + response latency; on an
///   empty channel it returns nil and the sender's next send wakes the receiver.
///
/// A component that stops only on an empty input or a full output, never on a clock, therefore
/// runs as far as its channels let it each time it is woken: one event per blocking, not per
/// cycle. Because each channel has one sender and one receiver and each blocks until it can
/// proceed, the order in which the kernel runs them cannot change any time (Kahn's determinism).
/// Run-ahead and kernel-clock (`trySend`/`tryReceive`) endpoints can share a channel: a kernel
/// clock receiver simply waits until an element's time comes.
extension BoundedChannel {
    /// Sends `element` from a run-ahead sender whose clock reads `time`; false = full, woken later.
    @inlinable @inline(__always)
    public func send(_ element: Element, readyAt stamp: Picoseconds, senderTime time: inout Picoseconds,
                     scheduler: inout Scheduler<ComponentEvent>) -> Bool {
        if count + creditCount >= capacity {
            guard count < capacity else {
                runAheadSenderWaiting = true
                return false
            }
            retireCredits(at: time)
            if count + creditCount >= capacity {
                let credit = credits[creditHead]
                senderBlockedPicoseconds += credit - time
                time = credit
                retireCredits(at: time)
            }
        }
        runAheadSenderWaiting = false
        enqueue(element, sentAt: time, readyAt: max(stamp, time + sendLatency), scheduler: &scheduler)
        return true
    }

    /// Whether a run-ahead `send` would succeed now (some slot is free or its credit is travelling).
    @inlinable @inline(__always)
    public var hasRoomForRunAhead: Bool { count < capacity }

    /// Takes the head element for a run-ahead receiver whose clock reads `time`; nil = empty, woken later.
    @inlinable @inline(__always)
    public func receive(receiverTime time: inout Picoseconds, scheduler: inout Scheduler<ComponentEvent>) -> Element? {
        guard count > 0 else {
            runAheadReceiverWaiting = true
            return nil
        }
        runAheadReceiverWaiting = false
        let ready = readyTimes[head]
        if ready > time {
            receiverStarvedPicoseconds += ready - time
            time = ready
        }
        return dequeueHead(at: time, scheduler: &scheduler)
    }

    /// Whether a run-ahead `receive` would return an element now.
    @inlinable @inline(__always)
    public var hasElementForRunAhead: Bool { count > 0 }

    /// Wakes the waiting run-ahead receiver once: it re-polls, and waits again if it must.
    @inlinable @inline(__always)
    func wakeRunAheadReceiver(scheduler: inout Scheduler<ComponentEvent>) {
        runAheadReceiverWaiting = false
        scheduler.schedule(ComponentEvent(target: receiver, kind: .wake), at: scheduler.now)
    }

    @inlinable @inline(__always)
    func wakeRunAheadSender(scheduler: inout Scheduler<ComponentEvent>) {
        runAheadSenderWaiting = false
        scheduler.schedule(ComponentEvent(target: sender, kind: .wake), at: scheduler.now)
    }
}

import Foundation

/// The progress of a long command (simulate, sweep, explore, compare, bench sweep) as one line on
/// stderr, redrawn by a timer every half second from the first second on, so that a run never sits
/// silent and a run shorter than a second prints nothing:
///
/// ```
/// sweep [######........................] 120/600 points · 41.2 points/s · 0:03 elapsed · ETA 0:12
/// ```
///
/// Only on a terminal: when stderr is a pipe or a file (tests, logs, CI) the bar does nothing at
/// all. Thread-safe: workers on every core may call `update`; the timer draws under the same lock
/// and `finish` (which erases the line) stops it for good, so nothing is drawn after the command's
/// result or error.
///
/// ```swift
/// let progress = ProgressBar(phase: "sweep", unit: "points")
/// defer { progress.finish() }                     // also on errors
/// try runner.run { progress.update(done: $0.done, total: $0.total) }
/// progress.finish()                               // before printing the result
/// ```
public final class ProgressBar: @unchecked Sendable {
    // The timer's queue and the workers both touch everything below `lock`.
    private let lock = NSLock()
    private var phase: String
    private var unit: String
    private var detail = ""
    private var done = 0
    private var total = 0
    private var phaseStart: ContinuousClock.Instant
    /// When `done` was last reported: the rate is measured up to then, not up to each redraw
    /// (which would sag between reports), and the ETA counts down from then.
    private var counted: ContinuousClock.Instant
    private var drawn = false
    private var finished = false
    private let clock = ContinuousClock()
    private let timer: DispatchSourceTimer?
    private let write: @Sendable (String) -> Void
    private let width: @Sendable () -> Int

    /// Inert (no timer, no output) unless `isTerminal`; the default asks whether stderr is one.
    /// `write` and `width` are the terminal's (tests pass their own).
    public init(phase: String, unit: String = "points", isTerminal: Bool = isatty(STDERR_FILENO) != 0,
                firstDrawAfter delay: Duration = .seconds(1), redrawEvery interval: Duration = .milliseconds(500),
                write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) },
                width: @escaping @Sendable () -> Int = ProgressBar.terminalWidth) {
        self.phase = phase
        self.unit = unit
        self.write = write
        self.width = width
        phaseStart = clock.now
        counted = phaseStart
        guard isTerminal else {
            timer = nil
            finished = true
            return
        }
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        self.timer = timer
        timer.schedule(deadline: .now() + Self.interval(delay), repeating: Self.interval(interval), leeway: .milliseconds(50))
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
    }

    deinit { timer?.cancel() }

    /// The latest count. A new `phase` (or `unit`) restarts the clock that rate, elapsed time and
    /// ETA are measured on, unless `elapsedSeconds` says how long the phase has been running (its
    /// first report may come only after its first batch).
    public func update(phase: String? = nil, done: Int, total: Int, unit: String? = nil, detail: String = "",
                       elapsedSeconds: Double? = nil) {
        lock.withLock {
            let now = clock.now
            if let phase, phase != self.phase {
                self.phase = phase
                phaseStart = now
            }
            if let unit, unit != self.unit {
                self.unit = unit
                phaseStart = now
            }
            if let elapsedSeconds, elapsedSeconds.isFinite, elapsedSeconds >= 0 {
                phaseStart = now - .nanoseconds(Int64(min(elapsedSeconds, 1e9) * 1e9))
            }
            self.done = done
            self.total = total
            self.detail = detail
            counted = now
        }
    }

    /// Stops the redraws for good and erases the line; call it before printing the result or an
    /// error (again, or from `deinit`, is harmless).
    public func finish() {
        lock.withLock {
            guard !finished else { return }
            finished = true
            timer?.cancel()
            if drawn { write("\r\u{1B}[K") }
            drawn = false
        }
    }

    /// One redraw, as the timer does it (internal for tests).
    func draw() {
        lock.withLock {
            guard !finished else { return }
            let now = clock.now
            let text = Self.line(phase: phase, done: done, total: total, unit: unit, elapsedSeconds: Self.seconds(now - phaseStart),
                                 countedAtSeconds: Self.seconds(counted - phaseStart), width: width(), detail: detail)
            write("\r\u{1B}[K" + text)
            drawn = true
        }
    }

    // MARK: The line

    /// `phase [####......] done/total unit · rate unit/s · m:ss elapsed · ETA m:ss · detail`, at most
    /// `width` characters: the bar is 10 to 30 characters; when even that does not fit, the detail,
    /// the elapsed time, the rate and the bar are left out in that order. Without a total (≤ 0) there
    /// is no bar and no ETA. Numbers as `NumberText` writes them; the rate has 3 significant digits.
    /// `countedAtSeconds` is when `done` was reached (default: now): the rate is done over that
    /// time, and the ETA the rest at that rate less the time since.
    public static func line(phase: String, done: Int, total: Int, unit: String, elapsedSeconds: Double,
                            countedAtSeconds: Double? = nil, width: Int, detail: String = "") -> String {
        let known = total > 0
        let countedAt = min(countedAtSeconds ?? elapsedSeconds, elapsedSeconds)
        let rate = countedAt > 0 && done > 0 ? Double(done) / countedAt : 0
        var count: String? = nil
        if known {
            count = "\(NumberText.integer(done))/\(NumberText.integer(total)) \(unit)"
        } else if done > 0 {
            count = "\(NumberText.integer(done)) \(unit)"
        }
        let rateText: String? = done > 0 ? "\(NumberText.real(rate, significantDigits: 3)) \(unit)/s" : nil
        let elapsed = "\(NumberText.duration(seconds: elapsedSeconds)) elapsed"
        var eta: String? = nil
        if known {
            let remaining = done >= total ? 0 : rate > 0 ? max(0, Double(total - done) / rate - (elapsedSeconds - countedAt)) : .infinity
            eta = "ETA \(NumberText.duration(seconds: remaining.rounded(.up)))"   // never "0:00" while work is left
        }
        let fraction = known ? min(max(Double(done) / Double(total), 0), 1) : 0
        // Left out first when the line is too long, in this order.
        var optional: (detail: Bool, elapsed: Bool, rate: Bool, bar: Bool) = (!detail.isEmpty, true, rateText != nil, known)
        func assemble(barWidth: Int) -> String {
            var head = phase
            if optional.bar {
                let filled = Int((fraction * Double(barWidth)).rounded(.down))
                head += " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]"
            }
            var parts: [String] = []
            if let count { parts.append(count) }
            if optional.rate, let rateText { parts.append(rateText) }
            if optional.elapsed { parts.append(elapsed) }
            if let eta { parts.append(eta) }
            if optional.detail { parts.append(detail) }
            return parts.isEmpty ? head : head + (count == nil ? " · " : " ") + parts.joined(separator: " · ")
        }
        while true {
            let fixed = assemble(barWidth: 0).count
            let barWidth = min(30, width - fixed)
            if !optional.bar || barWidth >= 10 {
                let text = assemble(barWidth: optional.bar ? barWidth : 0)
                if text.count <= width || !(optional.detail || optional.elapsed || optional.rate || optional.bar) {
                    return TextTable.shorten(text, to: max(1, width))
                }
            }
            if optional.detail { optional.detail = false } else if optional.elapsed { optional.elapsed = false }
            else if optional.rate { optional.rate = false } else { optional.bar = false }
        }
    }

    /// The columns of the terminal on stderr, less one (a line as wide as the terminal wraps on some);
    /// 80 when unknown.
    @Sendable public static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1 else { return 79 }
        return Int(size.ws_col) - 1
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    private static func interval(_ duration: Duration) -> DispatchTimeInterval {
        .nanoseconds(Int(duration.components.seconds) * 1_000_000_000 + Int(duration.components.attoseconds / 1_000_000_000))
    }
}

import ArcadeCore
import Foundation

/// Progress on stderr: one rewritten line on a terminal (done/total, rate, ETA), plain lines every
/// `interval` seconds otherwise (logs and CI should not fill with carriage returns). Thread-safe:
/// a model may report from its own thread.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal = isatty(STDERR_FILENO) != 0
    private let clock = ContinuousClock()
    private var phaseStart: ContinuousClock.Instant
    private var lastPrint: ContinuousClock.Instant
    private var phase = ""
    private var pending = false
    private let interval: Duration

    init(interval: Duration = .seconds(10)) {
        phaseStart = clock.now
        lastPrint = clock.now
        self.interval = interval
    }

    /// `elapsedSeconds` is the time since the phase began when the caller knows it (the first
    /// callback of a phase comes only after its first batch); else the printer's own clock is used.
    func update(phase: String, done: Int, total: Int, unit: String = "points", elapsedSeconds: Double? = nil) {
        lock.lock()
        defer { lock.unlock() }
        let now = clock.now
        if phase != self.phase {
            if pending { endLine() }
            // The first phase started when the printer was made, unless its first report says it
            // starts now (done 0); later phases at their first callback.
            if !self.phase.isEmpty || done == 0 { phaseStart = now }
            self.phase = phase
        }
        let elapsed = elapsedSeconds ?? Self.seconds(now - phaseStart)
        let line = ProgressLine.format(phase: phase, done: done, total: total, unit: unit, elapsedSeconds: elapsed)
        if terminal {
            // The final count only closes a line already shown: a run shorter than 0.2 s prints none.
            guard now - lastPrint >= .milliseconds(200) || (done == total && pending) else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
            pending = true
        } else {
            guard now - lastPrint >= interval else { return }
            FileHandle.standardError.write(Data("\(line)\n".utf8))
        }
        lastPrint = now
    }

    /// Ends a terminal progress line so the results start on a fresh line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if pending { endLine() }
    }

    private func endLine() {
        if terminal && pending { FileHandle.standardError.write(Data("\n".utf8)) }
        pending = false
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}

import Foundation

/// A status line on stderr, redrawn every second while a long command runs, so that no run sits
/// silent on a terminal (issue 11). Only on a terminal (a pipe or a log file sees nothing), and
/// only from the first second on, so short runs print nothing at all.
///
/// ```swift
/// let progress = TerminalProgress("simulating resnet18.csv")   // nil unless stderr is a terminal
/// progress?.update("layer 3/20 'Conv3'")
/// progress?.finish()                                             // erases the line
/// ```
final class TerminalProgress: @unchecked Sendable {
    // The timer's queue and the simulating thread both touch `status` and `drawn`.
    private let lock = NSLock()
    private var status: String
    private var drawn = false
    private let start = Date()
    private let timer: DispatchSourceTimer

    init?(_ status: String, isTerminal: Bool = isatty(STDERR_FILENO) != 0) {
        guard isTerminal else { return nil }
        self.status = status
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [weak self] in self?.draw() }
        timer.resume()
    }

    func update(_ status: String) { lock.withLock { self.status = status } }

    /// Stops the redraws and erases the line, before the command prints its result or error.
    func finish() {
        timer.cancel()
        lock.withLock {
            if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            drawn = false
            status = ""
        }
    }

    private func draw() {
        lock.withLock {
            guard !status.isEmpty else { return }
            let seconds = Int(Date().timeIntervalSince(start))
            FileHandle.standardError.write(Data("\r\u{1B}[K\(status) — \(seconds) s".utf8))
            drawn = true
        }
    }
}

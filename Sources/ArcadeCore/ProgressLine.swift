import Foundation

/// One progress line: "simulate 1,245,184/20,000,000 requests  2.1M/s  ETA 9 s".
public enum ProgressLine {
    public static func format(phase: String, done: Int, total: Int, unit: String, elapsedSeconds: Double) -> String {
        let rate = elapsedSeconds > 0 ? Double(done) / elapsedSeconds : 0
        let remaining = rate > 0 ? Double(total - done) / rate : .infinity
        let eta = remaining.isFinite
            ? (remaining >= 60 ? String(format: "%.1f min", remaining / 60) : String(format: "%.0f s", remaining)) : "?"
        let rateText = rate >= 1e6 ? String(format: "%.1fM", rate / 1e6) : rate >= 1e4 ? String(format: "%.0fk", rate / 1e3)
            : String(format: "%.1f", rate)
        return "\(phase) \(done)/\(total) \(unit)  \(rateText)/s  ETA \(eta)"
    }
}

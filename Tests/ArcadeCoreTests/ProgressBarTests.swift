import Foundation
import Testing
@testable import ArcadeCore

@Suite struct ProgressBarTests {
    @Test func lineHasBarCountRateElapsedAndETA() {
        let line = ProgressBar.line(phase: "sweep", done: 120, total: 600, unit: "points", elapsedSeconds: 2.9126, width: 120)
        #expect(line == "sweep [######........................] 120/600 points · 41.2 points/s · 0:02 elapsed · ETA 0:12")
        let layers = ProgressBar.line(phase: "simulate", done: 3, total: 21, unit: "layers", elapsedSeconds: 2, width: 120,
                                      detail: "'L1_B1_Conv2'")
        #expect(layers == "simulate [####..........................] 3/21 layers · 1.5 layers/s · 0:02 elapsed · ETA 0:12 · 'L1_B1_Conv2'")
    }

    @Test func rateIsMeasuredWhenTheCountWasReported() {
        // 100 points after 10 s, drawn 5 s later: still 10 points/s, and the ETA has counted down 5 s.
        #expect(ProgressBar.line(phase: "p", done: 100, total: 300, unit: "points", elapsedSeconds: 15, countedAtSeconds: 10, width: 100)
                == "p [##########....................] 100/300 points · 10 points/s · 0:15 elapsed · ETA 0:15")
    }

    @Test func startFinishAndUnknownTotals() {
        // Nothing done yet: no rate, no ETA estimate.
        #expect(ProgressBar.line(phase: "explore", done: 0, total: 50, unit: "points", elapsedSeconds: 1, width: 100)
                == "explore [..............................] 0/50 points · 0:01 elapsed · ETA --:--")
        #expect(ProgressBar.line(phase: "enumerate", done: 225, total: 225, unit: "points", elapsedSeconds: 75, width: 100)
                == "enumerate [##############################] 225/225 points · 3 points/s · 1:15 elapsed · ETA 0:00")
        // More done than announced: a full bar, not a crash.
        #expect(ProgressBar.line(phase: "p", done: 7, total: 5, unit: "points", elapsedSeconds: 1, width: 100)
                .hasPrefix("p [##############################] 7/5 points"))
        // No total: no bar and no ETA.
        #expect(ProgressBar.line(phase: "explore", done: 0, total: 0, unit: "points", elapsedSeconds: 4000, width: 100)
                == "explore · 1:06:40 elapsed")
        #expect(ProgressBar.line(phase: "read", done: 1_048_576, total: 0, unit: "bytes", elapsedSeconds: 0.5, width: 100)
                == "read 1,048,576 bytes · 2,097,152 bytes/s · 0:00 elapsed")
    }

    @Test func narrowTerminalsLoseDetailThenElapsedThenRateThenBar() {
        let args = (phase: "sweep", done: 120, total: 600, unit: "points", elapsed: 2.9126)
        for width in [100, 80, 70, 60, 50, 40, 30, 20, 10] {
            let line = ProgressBar.line(phase: args.phase, done: args.done, total: args.total, unit: args.unit,
                                        elapsedSeconds: args.elapsed, width: width, detail: "'a long layer name'")
            #expect(line.count <= width, "\(width): \(line)")
        }
        #expect(ProgressBar.line(phase: "sweep", done: 120, total: 600, unit: "points", elapsedSeconds: 2.9126, width: 60)
                == "sweep [##........] 120/600 points · 41.2 points/s · ETA 0:12")
        #expect(ProgressBar.line(phase: "sweep", done: 120, total: 600, unit: "points", elapsedSeconds: 2.9126, width: 40)
                == "sweep 120/600 points · ETA 0:12")
    }

    /// Collects what the bar writes.
    final class Sink: @unchecked Sendable {
        let lock = NSLock()
        var text = ""
        func write(_ part: String) { lock.withLock { text += part } }
        var contents: String { lock.withLock { text } }
    }

    @Test func silentOffATerminal() {
        let sink = Sink()
        let bar = ProgressBar(phase: "sweep", isTerminal: false, firstDrawAfter: .zero, redrawEvery: .milliseconds(1),
                              write: sink.write, width: { 80 })
        bar.update(done: 1, total: 2)
        bar.draw()
        bar.finish()
        #expect(sink.contents.isEmpty)
    }

    @Test func drawsRedrawsAndErasesOnlyBeforeFinish() {
        let sink = Sink()
        // Timer far in the future: the test draws by hand, the way the timer does.
        let bar = ProgressBar(phase: "sweep", isTerminal: true, firstDrawAfter: .seconds(3600), write: sink.write, width: { 100 })
        bar.update(done: 1, total: 4, elapsedSeconds: 1)
        bar.draw()
        #expect(sink.contents.hasPrefix("\r\u{1B}[Ksweep [#######") && sink.contents.contains("1/4 points"))
        bar.update(phase: "search", done: 2, total: 4)
        bar.draw()
        #expect(sink.contents.contains("\r\u{1B}[Ksearch ["))
        bar.finish()
        #expect(sink.contents.hasSuffix("\r\u{1B}[K"))
        let final = sink.contents
        // No stray redraw after the final output, and finishing twice is harmless.
        bar.draw()
        bar.update(done: 3, total: 4)
        bar.finish()
        #expect(sink.contents == final)
    }

    @Test func theTimerDrawsWithoutUpdatesAndStopsAtFinish() async throws {
        let sink = Sink()
        let bar = ProgressBar(phase: "simulate", isTerminal: true, firstDrawAfter: .milliseconds(10), redrawEvery: .milliseconds(10),
                              write: sink.write, width: { 100 })
        for _ in 0..<200 where !sink.contents.contains("elapsed") { try await Task.sleep(for: .milliseconds(10)) }
        #expect(sink.contents.contains("simulate · 0:00 elapsed"))
        bar.finish()
        let final = sink.contents
        try await Task.sleep(for: .milliseconds(50))
        #expect(sink.contents == final && final.hasSuffix("\r\u{1B}[K"))
    }

    @Test func silentForRunsShorterThanTheFirstDraw() {
        let sink = Sink()
        let bar = ProgressBar(phase: "sweep", isTerminal: true, write: sink.write, width: { 100 })
        bar.update(done: 10, total: 10)
        bar.finish()
        #expect(sink.contents.isEmpty)
    }
}

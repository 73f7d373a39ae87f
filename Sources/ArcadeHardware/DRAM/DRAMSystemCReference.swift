import ArcadeCore
import ArcadeWorkloads
import Foundation

/// `arcade simulate … --reference systemc` for the DRAM family: the resolved system (timings,
/// organisation, address mapping, controller) and the trace as text for
/// Sources/arcade-systemc-dram (one clocked SC_THREAD per channel controller stepping every cycle,
/// Boost circular buffers for its queues, Ramulator 2's DDR4 timing table), run in its own process
/// (SystemC elaborates one model per process), its totals and every request's completion cycle
/// compared with Arcade's. It models DDR4 with all-bank refresh or none; other systems are refused.
enum DRAMSystemCReference {
    static let description = "DDR4 channels as clocked SC_THREADs stepping every cycle (arcade-systemc-dram); "
        + "totals reference_cycles, reference_agrees (every counter and every request's completion cycle), "
        + "reference_seconds and chip_seconds"

    /// The totals both models report under the same names; `reference_agrees` needs every one equal.
    static let comparedTotals = ["cycles", "last_accept_cycle", "requests", "reads", "writes", "row_hits", "row_misses",
                                 "row_conflicts", "cmd_act", "cmd_pre", "cmd_prea", "cmd_rd", "cmd_wr", "cmd_rda",
                                 "cmd_wra", "cmd_ref"]

    struct Outcome {
        var totals: [String: Int64]
        /// Each request's completion cycle, in trace order.
        var completions: [Int64]
        /// The SystemC model's `sc_start`, wall clock.
        var seconds: Double
    }

    /// Throws naming what the reference does not model; nothing else about the system is assumed.
    static func check(_ config: DRAMSystemConfig) throws {
        guard config.standard.name.uppercased().hasPrefix("DDR4") else {
            throw InputError(field: "standard", "--reference systemc models DDR4 only (DDR4-2400, DDR4-3200), not "
                             + "\(config.standard.name)")
        }
        guard config.organization.pseudoChannels == 1 else {
            throw InputError(field: "organization.pseudo_channels", "--reference systemc models DDR4 without pseudo-channels "
                             + "(pseudo_channels: 1), not \(config.organization.pseudoChannels)")
        }
        guard config.controller.refresh != .perBank else {
            throw InputError(field: "controller.refresh", "--reference systemc models all-bank refresh or none (all-bank, off), "
                             + "not per-bank")
        }
    }

    /// The input text (see Sources/arcade-systemc-dram/main.cpp), as bytes: a million requests are
    /// ~20 MB, formatted by hand rather than through a String per request.
    static func input(_ config: DRAMSystemConfig, requests: [MemoryRequest]) -> [UInt8] {
        let o = config.organization, c = config.controller
        var header = "arcade-systemc-dram 1\nstandard \(config.standard.name)\n"
        header += "organization channels \(o.channels) ranks \(o.ranks) bank_groups \(o.bankGroups) "
            + "banks_per_group \(o.banksPerGroup) rows \(o.rows) columns \(o.columns)\n"
        let timingFields = ["nBL", "nCL", "nCWL", "nRCD", "nRCDWR", "nRP", "nRAS", "nRC", "nWR", "nRTP", "nCCD_S", "nCCD_L",
                            "nRRD_S", "nRRD_L", "nWTR_S", "nWTR_L", "nFAW", "nRFC", "nREFI", "nCS"]
        header += "timing " + timingFields.map { name in
            "\(name) \(config.timing[keyPath: DRAMTiming.fields.first { $0.name == name }!.keyPath])"
        }.joined(separator: " ") + "\n"
        // Doubles as Swift prints them (shortest round trip), so C++'s strtod reads the same values.
        header += "controller scheduler \(c.scheduler.rawValue) row_policy \(c.rowPolicy.rawValue) read_queue \(c.readQueueSize) "
            + "write_queue \(c.writeQueueSize) write_high_watermark \(c.writeHighWatermark) "
            + "write_low_watermark \(c.writeLowWatermark) refresh \(c.refresh.rawValue) requests_per_cycle \(c.requestsPerCycle)\n"
        header += "mapping offset \(config.mapping.offsetBits) " + config.mapping.layout.map { "\($0.field.rawValue) \($0.bits)" }
            .joined(separator: " ") + "\nrequests \(requests.count)\n"
        var bytes = Array(header.utf8)
        bytes.reserveCapacity(bytes.count + requests.count * 24)
        let digits = Array("0123456789abcdef".utf8)
        func append(_ value: UInt64, radix: UInt64) {
            var scratch: [UInt8] = []
            var rest = value
            repeat { scratch.append(digits[Int(rest % radix)]); rest /= radix } while rest > 0
            bytes.append(contentsOf: scratch.reversed())
        }
        for request in requests {
            bytes.append(request.kind == .write ? UInt8(ascii: "W") : UInt8(ascii: "R"))
            bytes.append(UInt8(ascii: " "))
            append(request.address, radix: 16)
            if let arrival = request.arrivalCycle {
                bytes.append(UInt8(ascii: " "))
                append(UInt64(arrival), radix: 10)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// `ARCADE_SYSTEMC_DRAM`, else `arcade-systemc-dram` beside the running executable.
    static var binary: String {
        if let explicit = ProcessInfo.processInfo.environment["ARCADE_SYSTEMC_DRAM"] { return explicit }
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        return folder.appendingPathComponent("arcade-systemc-dram").path
    }

    static func run(_ config: DRAMSystemConfig, requests: [MemoryRequest]) throws -> Outcome {
        let path = binary
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw InputError(field: "--reference", "no SystemC reference at \(path); build it with "
                             + "'swift build -c release --product arcade-systemc-dram' (needs libsystemc-dev: .ci/setup.sh)")
        }
        let bytes = input(config, requests: requests)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        // A reference that stops reading (bad input, exit 2) must fail the write, not kill arcade.
        signal(SIGPIPE, SIG_IGN)
        try process.run()
        // The reference reads all its input before it writes, so writing first cannot deadlock.
        let descriptor = stdin.fileHandleForWriting.fileDescriptor
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        try? stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let problems = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let outcome = parse(output, requests: requests.count) else {
            let head = String(decoding: output.prefix(2_000), as: UTF8.self)
            throw InputError(field: "--reference", "the SystemC reference failed (exit \(process.terminationStatus)): "
                             + (problems + head).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return outcome
    }

    /// `key=value …` on the first line, then `completions` and one cycle a line; nil when malformed.
    static func parse(_ output: Data, requests: Int) -> Outcome? {
        let bytes = [UInt8](output)
        guard let firstBreak = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var totals: [String: Int64] = [:]
        var seconds: Double?
        for pair in String(decoding: bytes[..<firstBreak], as: UTF8.self).split(separator: " ") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            if parts[0] == "seconds" { seconds = Double(parts[1]) } else if let value = Int64(parts[1]) { totals[String(parts[0])] = value }
        }
        var completions: [Int64] = []
        completions.reserveCapacity(requests)
        var index = firstBreak + 1
        let marker = Array("completions\n".utf8)
        guard bytes.count >= index + marker.count, Array(bytes[index..<(index + marker.count)]) == marker else { return nil }
        index += marker.count
        var value: Int64 = 0, negative = false, inNumber = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\n") {
                guard inNumber else { return nil }
                completions.append(negative ? -value : value)
                value = 0; negative = false; inNumber = false
            } else if byte == UInt8(ascii: "-") && !inNumber {
                negative = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                value = value &* 10 &+ Int64(byte - UInt8(ascii: "0"))
                inNumber = true
            } else {
                return nil
            }
        }
        guard let seconds, completions.count == requests, (comparedTotals + ["read_latency_sum"]).allSatisfy({ totals[$0] != nil }) else { return nil }
        return Outcome(totals: totals, completions: completions, seconds: seconds)
    }

    static func integer(_ value: ResultValue?) -> Int64? {
        guard case .int(let integer)? = value else { return nil }
        return integer
    }

    /// The totals `--reference systemc` adds: what the reference found, and how it compares.
    static func comparison(_ outcome: Outcome, report: SimulationReport, result: DRAMRunResult)
        -> [(key: String, value: ResultValue)] {
        var counterMismatches: Int64 = 0
        for name in comparedTotals {
            if integer(report.totals.first { $0.key == name }?.value) != outcome.totals[name] { counterMismatches += 1 }
        }
        // The report has only the mean; the sum is exact and also checks each read's accept cycle.
        if result.channels.reduce(0, { $0 + $1.readLatencySum }) != outcome.totals["read_latency_sum"] { counterMismatches += 1 }
        let completions = result.completionCycles
        let chipSeconds = result.loopSeconds
        var requestMismatches: Int64 = 0, firstMismatch: Int64 = 0
        for (index, cycle) in completions.enumerated() where outcome.completions[index] != cycle {
            requestMismatches += 1
            if firstMismatch == 0 { firstMismatch = Int64(index + 1) }
        }
        let agrees = counterMismatches == 0 && requestMismatches == 0 && completions.count == outcome.completions.count
        return [("reference_cycles", .int(outcome.totals["cycles"] ?? -1)),
                ("reference_agrees", .int(agrees ? 1 : 0)),
                ("reference_counter_mismatches", .int(counterMismatches)),
                ("reference_request_mismatches", .int(requestMismatches)),
                ("reference_first_mismatch_request", .int(firstMismatch)),
                ("reference_seconds", .double(outcome.seconds)),
                ("chip_seconds", .double(chipSeconds))]
    }
}

import ArcadeCore
import Foundation

/// Writes a trace in one of the peers' formats, so the same requests can be fed to Ramulator 1/2,
/// DRAMSim3 and Arcade. Addresses are written as `0x…` hex, which all three read.
///
/// DRAMSim3 lines need an arrival cycle: a request without one is written with cycle 0, meaning
/// "available from the start". DRAMSim3's trace frontend offers at most one request per cycle,
/// so all-zero cycles give exactly the peers' injection (one request per memory cycle from cycle 0).
///
/// ```swift
/// let text = MemoryTraceWriter.render(trace, as: .ramulator2)   // "LD 0x0\nLD 0x40\n…"
/// ```
///
/// - Complexity: O(requests); bytes are formatted by hand (1M lines in a few tens of ms).
public enum MemoryTraceWriter {
    public enum Format: String, CaseIterable, Sendable {
        case ramulator2, ramulator1, dramsim3
    }

    public static func write(_ trace: MemoryTrace, as format: Format, to path: String) throws {
        let bytes = render(trace, as: format)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError(file: path, "cannot write the trace file (\(error.localizedDescription))")
        }
    }

    public static func render(_ trace: MemoryTrace, as format: Format) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(trace.requests.count * 24)
        for request in trace.requests {
            switch format {
            case .ramulator2:
                appendASCII(request.kind == .read ? "LD " : "ST ", to: &out)
                appendHex(request.address, to: &out)
            case .ramulator1:
                appendHex(request.address, to: &out)
                appendASCII(request.kind == .read ? " R" : " W", to: &out)
            case .dramsim3:
                appendHex(request.address, to: &out)
                appendASCII(request.kind == .read ? " READ " : " WRITE ", to: &out)
                appendDecimal(UInt64(max(0, request.arrivalCycle ?? 0)), to: &out)
            }
            out.append(ASCII.newline)
        }
        return out
    }

    @inline(__always)
    static func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    static func appendHex(_ value: UInt64, to out: inout [UInt8]) {
        out.append(ASCII.zero)
        out.append(ASCII.lowercaseX)
        let digitCount = max(1, (67 - value.leadingZeroBitCount) / 4)
        for position in stride(from: digitCount - 1, through: 0, by: -1) {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(position * 4)) & 0xF
            out.append(nibble < 10 ? ASCII.zero + nibble : ASCII.lowercaseA + nibble - 10)
        }
    }

    @inline(__always)
    static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var remaining = value
        var length = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - length] = ASCII.zero + UInt8(remaining % 10)
                remaining /= 10
                length += 1
            } while remaining > 0
            out.append(contentsOf: buffer[(20 - length)...])
        }
    }
}

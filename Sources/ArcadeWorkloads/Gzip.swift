import ArcadeCore
import CZlib

/// gzip decompression through zlib, for gzip'd traces (`*.gz`, told apart by gzip's magic bytes
/// 1f 8b rather than by the name). Concatenated members (`cat a.gz b.gz`) are read as one stream,
/// as `gzip -d` does.
public enum Gzip {
    /// True when `bytes` start with gzip's magic number.
    public static func isGzip(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The decompressed bytes. A corrupt or truncated stream, or one that inflates beyond
    /// `limitBytes` (a decompression bomb), is an `InputError` naming `file`.
    public static func decompress(_ bytes: UnsafeBufferPointer<UInt8>, file: String,
                                  limitBytes: Int = 8 << 30) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(limitBytes, max(1 << 16, bytes.count * 6)))
        var stream = z_stream()
        // 15 + 32: a 32 KiB window, gzip or zlib header detected automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw InputError(file: file, "cannot start zlib to read the gzip'd trace")
        }
        defer { inflateEnd(&stream) }
        guard bytes.count < Int(UInt32.max) else {
            throw InputError(file: file, "the gzip'd trace is larger than 4 GiB compressed; split it")
        }
        guard let base = bytes.baseAddress else { throw InputError(file: file, "the gzip'd trace is empty") }
        stream.next_in = UnsafeMutablePointer(mutating: base)
        stream.avail_in = UInt32(bytes.count)
        let chunk = 1 << 18
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            var status: Int32 = Z_OK
            let produced: Int = buffer.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(chunk)
                status = inflate(&stream, Z_NO_FLUSH)
                return chunk - Int(stream.avail_out)
            }
            guard output.count + produced <= limitBytes else {
                throw InputError(file: file, "the gzip'd trace inflates to more than \(limitBytes >> 20) MiB; "
                                     + "split it or pass a smaller trace")
            }
            output.append(contentsOf: buffer[0..<produced])
            switch status {
            case Z_STREAM_END:
                // Another member may follow (`cat a.gz b.gz`).
                if stream.avail_in == 0 { return output }
                inflateReset(&stream)
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                throw InputError(file: file, "the gzip'd trace is truncated (the stream ends before gzip's end marker)")
            default:
                throw InputError(file: file, "the gzip'd trace is corrupt (zlib: \(message(status, stream)))")
            }
        }
    }

    private static func message(_ status: Int32, _ stream: z_stream) -> String {
        if let text = stream.msg { return String(cString: text) }
        return "status \(status)"
    }
}

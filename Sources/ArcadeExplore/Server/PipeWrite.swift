import Foundation

/// Writing to a pipe whose reader may be gone: `arcade serve`'s answers and the Python agents'
/// requests. `FileHandle.write` traps on EPIPE; write(2) returns it (SIGPIPE must be ignored).
public enum PipeWrite {
    /// Writes every byte of `bytes` to `descriptor`, retrying interrupted writes; false when the
    /// other end has closed (or any other write error).
    public static func all(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

import ArcadeCore
import Foundation

/// One sweep at a time per output file: `.NAME.lock` beside it, holding the writer's pid.
///
/// The lock is an `flock` on that file, so the kernel drops it when its process dies however it
/// dies: a lock file left by a killed sweep (a stale pid) is simply taken over. On file systems
/// without `flock` the pid alone decides: a lock whose pid is alive is held. The file is removed
/// on release; a process that locked a lock file just unlinked by its releaser notices (the path no
/// longer names the inode it locked) and tries again, so two sweeps never hold "the" lock at once.
///
/// ```swift
/// let lock = try SweepLock.acquire(for: "results/run.h5")   // InputError naming the holder's pid
/// defer { lock.release() }
/// ```
public final class SweepLock {
    public let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// `results/x.h5` → `results/.x.h5.lock`.
    public static func lockPath(for path: String) -> String {
        SweepFiles.replacingLastComponent(of: path, with: ".\(URL(fileURLWithPath: path).lastPathComponent).lock")
    }

    /// Takes the lock of `output`, or throws an `InputError` naming the sweep that holds it.
    public static func acquire(for output: String) throws -> SweepLock {
        let path = lockPath(for: output)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        for _ in 0..<100 {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw InputError(file: output, "cannot create the lock file \(path): \(String(cString: strerror(errno)))")
            }
            if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
                let reason = errno
                if reason == EWOULDBLOCK || reason == EINTR {
                    let holder = readPid(descriptor)
                    close(descriptor)
                    throw held(output, path, holder)
                }
                // No flock here (some network file systems): the pid in the file decides.
                if let holder = readPid(descriptor), holder != getpid(), isAlive(holder) {
                    close(descriptor)
                    throw held(output, path, holder)
                }
            }
            // Locked the inode the path named when opened; is it still the one the path names?
            var opened = stat(), current = stat()
            guard fstat(descriptor, &opened) == 0, stat(path, &current) == 0,
                  opened.st_dev == current.st_dev, opened.st_ino == current.st_ino else {
                close(descriptor)
                continue
            }
            let text = Array("\(getpid())\n".utf8)
            _ = ftruncate(descriptor, 0)
            _ = text.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
            return SweepLock(path: path, descriptor: descriptor)
        }
        throw InputError(file: output, "cannot take the lock file \(path): it keeps being replaced")
    }

    /// Removes the lock file and drops the lock; harmless twice.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    static func held(_ output: String, _ path: String, _ holder: Int32?) -> InputError {
        InputError(file: output, "is being written by another sweep (\(holder.map { "pid \($0)" } ?? "pid unknown"), lock file \(path)); "
                   + "one sweep at a time per --out: wait for it to finish, or stop it and rerun to resume")
    }

    static func readPid(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    static func isAlive(_ pid: Int32) -> Bool { pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) }
}

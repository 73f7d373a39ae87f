import ArcadeCore
import ArcadeHardware
import ArcadeKernel
import ArcadeWorkloads
import Foundation

// The C ABI of Sources/ArcadeTLM/include/arcade_memory.h, one @_cdecl function per declaration.
// Nothing here traps on the caller's input: every Swift error becomes a return code and the
// message the CLI prints (`InputError.description`), because a trap would take the caller's whole
// SystemC platform down with it.

let inputErrorCode: Int32 = 2
let internalErrorCode: Int32 = 1

/// Copies `text` into the caller's buffer, NUL-terminated, truncated to `capacity`.
func copy(_ text: String, to buffer: UnsafeMutablePointer<CChar>?, capacity: Int) {
    guard let buffer, capacity > 0 else { return }
    let bytes = Array(text.utf8.prefix(capacity - 1))
    for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
    buffer[bytes.count] = 0
}

/// Runs `body`; an error becomes (code, message) as the CLI reports it.
func reporting(_ message: UnsafeMutablePointer<CChar>?, _ capacity: Int, _ body: () throws -> Void) -> Int32 {
    do {
        try body()
        copy("", to: message, capacity: capacity)
        return 0
    } catch let error as InputError {
        copy(error.description, to: message, capacity: capacity)
        return inputErrorCode
    } catch {
        copy("\(error)", to: message, capacity: capacity)
        return internalErrorCode
    }
}

func memory(_ pointer: OpaquePointer) -> MemoryHandle {
    Unmanaged<MemoryHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

func trace(_ pointer: OpaquePointer) -> TraceHandle {
    Unmanaged<TraceHandle>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
}

@_cdecl("arcade_memory_create")
public func arcade_memory_create(_ path: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?,
                                 _ message: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    out?.pointee = nil
    return reporting(message, capacity) {
        guard let path, let out else { throw InputError("arcade_memory_create: NULL path or result pointer") }
        let file = String(cString: path)
        let model = try HardwareRegistry.loadArchitecture(path: file)
        let memory: any ExternalMemory
        if let dram = model as? DRAMModel {
            memory = ExternalDRAM(model: dram)
        } else if let cache = model as? CacheModel {
            memory = ExternalCache(model: cache)
        } else {
            throw InputError(file: file, "family '\(type(of: model).family)' has no memory port in the C ABI yet; "
                             + "expected family: dram or cache")
        }
        out.pointee = OpaquePointer(Unmanaged.passRetained(MemoryHandle(memory)).toOpaque())
    }
}

@_cdecl("arcade_memory_destroy")
public func arcade_memory_destroy(_ pointer: OpaquePointer?) {
    guard let pointer else { return }
    Unmanaged<MemoryHandle>.fromOpaque(UnsafeRawPointer(pointer)).release()
}

@_cdecl("arcade_memory_period_ps")
public func arcade_memory_period_ps(_ pointer: OpaquePointer) -> UInt64 {
    memory(pointer).memory.periodPicoseconds
}

@_cdecl("arcade_memory_requests_per_cycle")
public func arcade_memory_requests_per_cycle(_ pointer: OpaquePointer) -> Int32 {
    Int32(memory(pointer).memory.requestsPerCycle)
}

@_cdecl("arcade_memory_access_bytes")
public func arcade_memory_access_bytes(_ pointer: OpaquePointer) -> UInt32 {
    memory(pointer).memory.accessBytes
}

@_cdecl("arcade_memory_try_send")
public func arcade_memory_try_send(_ pointer: OpaquePointer, _ id: UInt64, _ address: UInt64, _ bytes: UInt32,
                                   _ kind: Int32, _ time: UInt64) -> Int32 {
    let handle = memory(pointer)
    if time < handle.memory.now {
        handle.setError("transaction \(id) offered at \(time) ps, before Arcade's current time "
                        + "\(handle.memory.now) ps (time only moves forward)")
        return -inputErrorCode
    }
    do {
        return try handle.memory.trySend(id: id, address: address, bytes: bytes, kind: kind, at: time)
    } catch {
        handle.setError("\(error)")
        return -inputErrorCode
    }
}

@_cdecl("arcade_memory_advance")
public func arcade_memory_advance(_ pointer: OpaquePointer, _ until: UInt64) -> UInt32 {
    memory(pointer).memory.advance(until: until)
}

@_cdecl("arcade_memory_take_completions")
public func arcade_memory_take_completions(_ pointer: OpaquePointer, _ ids: UnsafeMutablePointer<UInt64>?,
                                           _ times: UnsafeMutablePointer<UInt64>?, _ capacity: Int) -> Int {
    guard let ids, let times else { return 0 }
    return memory(pointer).memory.take(ids: ids, times: times, capacity: capacity)
}

@_cdecl("arcade_memory_next_event_ps")
public func arcade_memory_next_event_ps(_ pointer: OpaquePointer) -> UInt64 {
    memory(pointer).memory.nextEventTime() ?? .max
}

/// Field by field, as the C struct `arcade_memory_stats` lays them out.
@_cdecl("arcade_memory_get_stats")
public func arcade_memory_get_stats(_ pointer: OpaquePointer, _ stats: UnsafeMutableRawPointer?) {
    guard let stats else { return }
    let (accepted, served, refused, cycles, events) = memory(pointer).memory.stats
    stats.storeBytes(of: accepted, toByteOffset: 0, as: UInt64.self)
    stats.storeBytes(of: served, toByteOffset: 8, as: UInt64.self)
    stats.storeBytes(of: refused, toByteOffset: 16, as: UInt64.self)
    stats.storeBytes(of: cycles, toByteOffset: 24, as: Int64.self)
    stats.storeBytes(of: events, toByteOffset: 32, as: UInt64.self)
}

@_cdecl("arcade_memory_last_error")
public func arcade_memory_last_error(_ pointer: OpaquePointer) -> UnsafePointer<CChar> {
    UnsafePointer(memory(pointer).lastError)
}

@_cdecl("arcade_trace_open")
public func arcade_trace_open(_ path: UnsafePointer<CChar>?, _ memoryPointer: OpaquePointer?,
                              _ out: UnsafeMutablePointer<OpaquePointer?>?,
                              _ message: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    out?.pointee = nil
    return reporting(message, capacity) {
        guard let path, let memoryPointer, let out else {
            throw InputError("arcade_trace_open: NULL path, memory or result pointer")
        }
        let handle = try memory(memoryPointer).memory.readTrace(path: String(cString: path))
        out.pointee = OpaquePointer(Unmanaged.passRetained(handle).toOpaque())
    }
}

@_cdecl("arcade_trace_destroy")
public func arcade_trace_destroy(_ pointer: OpaquePointer?) {
    guard let pointer else { return }
    Unmanaged<TraceHandle>.fromOpaque(UnsafeRawPointer(pointer)).release()
}

@_cdecl("arcade_trace_count")
public func arcade_trace_count(_ pointer: OpaquePointer) -> Int {
    trace(pointer).addresses.count
}

@_cdecl("arcade_trace_request")
public func arcade_trace_request(_ pointer: OpaquePointer, _ index: Int, _ address: UnsafeMutablePointer<UInt64>?,
                                 _ bytes: UnsafeMutablePointer<UInt32>?, _ kind: UnsafeMutablePointer<Int32>?,
                                 _ arrival: UnsafeMutablePointer<Int64>?) {
    let handle = trace(pointer)
    guard index >= 0 && index < handle.addresses.count else { return }
    address?.pointee = handle.addresses[index]
    bytes?.pointee = handle.bytes[index]
    kind?.pointee = handle.kinds[index]
    arrival?.pointee = handle.arrivals[index]
}

@_cdecl("arcade_memory_run_alone")
public func arcade_memory_run_alone(_ memoryPointer: OpaquePointer, _ tracePointer: OpaquePointer,
                                    _ completions: UnsafeMutablePointer<Int64>?, _ cycles: UnsafeMutablePointer<Int64>?,
                                    _ message: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    reporting(message, capacity) {
        let (total, perRequest) = try memory(memoryPointer).memory.runAlone(trace(tracePointer))
        cycles?.pointee = total
        if let completions {
            for (index, cycle) in perRequest.enumerated() { completions[index] = cycle }
        }
    }
}

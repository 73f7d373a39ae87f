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
        guard let dram = model as? DRAMModel else {
            throw InputError(file: file, "family '\(type(of: model).family)' has no memory port in the C ABI yet; "
                             + "expected family: dram")
        }
        out.pointee = OpaquePointer(Unmanaged.passRetained(MemoryHandle(model: dram)).toOpaque())
    }
}

@_cdecl("arcade_memory_destroy")
public func arcade_memory_destroy(_ pointer: OpaquePointer?) {
    guard let pointer else { return }
    Unmanaged<MemoryHandle>.fromOpaque(UnsafeRawPointer(pointer)).release()
}

@_cdecl("arcade_memory_period_ps")
public func arcade_memory_period_ps(_ pointer: OpaquePointer) -> UInt64 {
    memory(pointer).dram.clock.periodPicoseconds
}

@_cdecl("arcade_memory_requests_per_cycle")
public func arcade_memory_requests_per_cycle(_ pointer: OpaquePointer) -> Int32 {
    Int32(memory(pointer).model.config.controller.requestsPerCycle)
}

@_cdecl("arcade_memory_access_bytes")
public func arcade_memory_access_bytes(_ pointer: OpaquePointer) -> UInt32 {
    UInt32(memory(pointer).model.config.organization.accessBytes)
}

@_cdecl("arcade_memory_try_send")
public func arcade_memory_try_send(_ pointer: OpaquePointer, _ id: UInt64, _ address: UInt64, _ isWrite: Int32,
                                   _ time: UInt64) -> Int32 {
    let handle = memory(pointer)
    if time < handle.chip.scheduler.now {
        handle.setError("transaction \(id) offered at \(time) ps, before Arcade's current time "
                        + "\(handle.chip.scheduler.now) ps (time only moves forward)")
        return -inputErrorCode
    }
    guard handle.dram.contains(address: address) else {
        let capacity = handle.model.config.organization.capacityBytes ?? 0
        handle.setError("transaction \(id): address 0x\(String(address, radix: 16)) is beyond the capacity "
                        + "of \(capacity) bytes (0x\(String(capacity, radix: 16)))")
        return -inputErrorCode
    }
    handle.advance(until: time)
    let transaction = MemoryTransaction(id: id, address: address, bytes: arcade_memory_access_bytes(pointer),
                                        isWrite: isWrite != 0)
    if handle.port.send(transaction, at: time, scheduler: &handle.chip.scheduler) { return 1 }
    handle.refused &+= 1
    return 0
}

@_cdecl("arcade_memory_advance")
public func arcade_memory_advance(_ pointer: OpaquePointer, _ until: UInt64) -> UInt32 {
    let handle = memory(pointer)
    handle.advance(until: until)
    defer { handle.initiator.retries = 0 }
    return handle.initiator.retries
}

@_cdecl("arcade_memory_take_completions")
public func arcade_memory_take_completions(_ pointer: OpaquePointer, _ ids: UnsafeMutablePointer<UInt64>?,
                                           _ times: UnsafeMutablePointer<UInt64>?, _ capacity: Int) -> Int {
    guard let ids, let times else { return 0 }
    return memory(pointer).initiator.take(ids: ids, times: times, capacity: capacity)
}

@_cdecl("arcade_memory_next_event_ps")
public func arcade_memory_next_event_ps(_ pointer: OpaquePointer) -> UInt64 {
    memory(pointer).chip.scheduler.nextEventTime() ?? .max
}

/// Field by field, as the C struct `arcade_memory_stats` lays them out.
@_cdecl("arcade_memory_get_stats")
public func arcade_memory_get_stats(_ pointer: OpaquePointer, _ stats: UnsafeMutableRawPointer?) {
    guard let stats else { return }
    let handle = memory(pointer)
    stats.storeBytes(of: UInt64(handle.dram.accepted), toByteOffset: 0, as: UInt64.self)
    stats.storeBytes(of: UInt64(handle.dram.served), toByteOffset: 8, as: UInt64.self)
    stats.storeBytes(of: handle.refused, toByteOffset: 16, as: UInt64.self)
    stats.storeBytes(of: handle.dram.lastCompletionCycle, toByteOffset: 24, as: Int64.self)
    stats.storeBytes(of: handle.events, toByteOffset: 32, as: UInt64.self)
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
        let file = String(cString: path)
        let checked = try memory(memoryPointer).model.readCheckedTrace(path: file)
        out.pointee = OpaquePointer(Unmanaged.passRetained(TraceHandle(path: file, trace: checked)).toOpaque())
    }
}

@_cdecl("arcade_trace_destroy")
public func arcade_trace_destroy(_ pointer: OpaquePointer?) {
    guard let pointer else { return }
    Unmanaged<TraceHandle>.fromOpaque(UnsafeRawPointer(pointer)).release()
}

@_cdecl("arcade_trace_count")
public func arcade_trace_count(_ pointer: OpaquePointer) -> Int {
    trace(pointer).trace.requests.count
}

@_cdecl("arcade_trace_request")
public func arcade_trace_request(_ pointer: OpaquePointer, _ index: Int, _ address: UnsafeMutablePointer<UInt64>?,
                                 _ isWrite: UnsafeMutablePointer<Int32>?, _ arrival: UnsafeMutablePointer<Int64>?) {
    let requests = trace(pointer).trace.requests
    guard index >= 0 && index < requests.count else { return }
    let request = requests[index]
    address?.pointee = request.address
    isWrite?.pointee = request.kind == .write ? 1 : 0
    arrival?.pointee = request.arrivalCycle ?? -1
}

@_cdecl("arcade_memory_run_alone")
public func arcade_memory_run_alone(_ memoryPointer: OpaquePointer, _ tracePointer: OpaquePointer,
                                    _ completions: UnsafeMutablePointer<Int64>?, _ cycles: UnsafeMutablePointer<Int64>?,
                                    _ message: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    reporting(message, capacity) {
        let handle = trace(tracePointer)
        let result = try memory(memoryPointer).model.runRecordingCompletions(handle.trace, traceName: handle.path)
        cycles?.pointee = result.cycles
        if let completions {
            for (index, cycle) in result.completionCycles.enumerated() { completions[index] = cycle }
        }
    }
}

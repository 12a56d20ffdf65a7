#if canImport(Glibc)
import Glibc
#endif

/// A read-only run of plain values: memory of its own, or a view of a file mapped into memory,
/// which it keeps mapped. The matcher's two large tables are these, so that a run reads them
/// from the cache of compiled rules in place instead of into new memory (which the kernel
/// would zero first, then the copy fill: most of what start-up spent on them).
struct Table<Element: BitwiseCopyable>: @unchecked Sendable {  // immutable, owner included
    /// What keeps `elements` valid: their own memory, or the mapping.
    private let owner: AnyObject
    let elements: UnsafeBufferPointer<Element>

    /// A table of `values`, copied into memory of its own.
    init(_ values: [Element]) {
        let memory = OwnedMemory(values)
        owner = memory
        elements = memory.elements
    }

    /// The `count` values at byte `offset` of `mapping` (which the caller checked are inside it
    /// and aligned for `Element`).
    init(_ mapping: FileMapping, offset: Int, count: Int) {
        owner = mapping
        elements = UnsafeBufferPointer(start: (mapping.base + offset).assumingMemoryBound(to: Element.self), count: count)
    }

    var count: Int { elements.count }

    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Element>) throws -> Result) rethrows -> Result {
        try body(elements)
    }
}

/// Memory that a `Table` owns.
private final class OwnedMemory<Element: BitwiseCopyable> {
    let elements: UnsafeBufferPointer<Element>

    init(_ values: [Element]) {
        let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(values.count, 1))
        _ = memory.initialize(from: values)
        elements = UnsafeBufferPointer(rebasing: memory[..<values.count])
    }

    deinit { UnsafeMutableRawPointer(mutating: elements.baseAddress)?.deallocate() }
}

/// A whole file mapped read-only and private into memory, until the last table using it goes.
/// The cache of compiled rules only ever replaces a file by renaming a new one over it, so a
/// mapped file is never cut short under a run (which would make reading it a fault).
final class FileMapping: @unchecked Sendable {  // immutable
    let base: UnsafeRawPointer
    let size: Int

    /// The file open as `descriptor`, of `size` bytes; `nil` when it cannot be mapped.
    init?(descriptor: Int32, size: Int) {
        guard size > 0, let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(mapped)
        self.size = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }
}

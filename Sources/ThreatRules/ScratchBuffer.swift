/// A growable run of plain values that a scanner fills and clears once per report, keeping its
/// memory: the scanner's per-report buffers (the automaton's matches, the hits) are these.
///
/// The hot path's writable unsafe memory lives here and nowhere else (its read-only tables are
/// `Table`s). Appending is a capacity test, a store and an increment: no uniqueness check and no
/// copy-on-write, since the buffer cannot be copied.
/// Reading goes through `elements`, a view that is valid until the next change.
struct ScratchBuffer<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    /// Values appended since the last `removeAll`.
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// A buffer holding `count` copies of `value`: a table of fixed size, written in place
    /// through the subscript without the uniqueness check an array's write makes.
    init(repeating value: Element, count: Int) {
        capacity = max(1, count)
        base = .allocate(capacity: capacity)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The values, first to last; valid until the buffer next changes.
    var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "ScratchBuffer index out of range")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < count, "ScratchBuffer index out of range")
            base[index] = newValue
        }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(to: 2 * capacity) }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Forgets every value and keeps the memory.
    mutating func removeAll() { count = 0 }

    /// Replaces the values with `values`.
    mutating func replace(with values: some Collection<Element>) {
        count = 0
        if values.count > capacity { grow(to: values.count) }
        for value in values { append(value) }
    }

    private mutating func grow(to newCapacity: Int) {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        larger.initialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity = newCapacity
    }
}

/// The hits of one report chained by a key (a part symbol, a node, a counter-context class), so
/// that the hits of one key are reached without looking at the others: those of key `k` are
/// `first(k)`, then `next(h)` until -1, in the order added. A key's chain belongs to the current
/// report when it carries the report's stamp, so starting a report clears nothing per key.
struct HitChains: ~Copyable {
    private var head: ScratchBuffer<Int32>
    private var tail: ScratchBuffer<Int32>
    private var stamp: ScratchBuffer<UInt32>
    /// The hit after hit `h` in its key's chain (-1: the last), for the hits added since `reset`.
    private var after = ScratchBuffer<Int32>(capacity: 256)
    /// The current report's stamp.
    private var current: UInt32 = 1

    init(keys: Int) {
        head = ScratchBuffer(repeating: -1, count: keys)
        tail = ScratchBuffer(repeating: -1, count: keys)
        stamp = ScratchBuffer(repeating: 0, count: keys)
    }

    /// Forgets every chain, for the next report, whose hits are numbered from 0 again.
    mutating func reset() {
        after.removeAll()
        current &+= 1
        if current == 0 {  // wrapped: forget every stamp
            for k in 0..<stamp.count { stamp[k] = 0 }
            current = 1
        }
    }

    /// Whether key `key` has a hit in this report.
    @inline(__always)
    func contains(_ key: Int) -> Bool { stamp[key] == current }

    /// The first hit of `key`, or -1.
    @inline(__always)
    func first(_ key: Int) -> Int32 { contains(key) ? head[key] : -1 }

    /// The last hit of `key`; only for a key it `contains`.
    func last(_ key: Int) -> Int32 { tail[key] }

    @inline(__always)
    func next(_ hit: Int32) -> Int32 { after[Int(hit)] }

    /// Adds the next hit (number `after.count`: hits are added in their own order) to the end of
    /// `key`'s chain; true when it is the key's first hit in this report.
    @discardableResult @inline(__always)
    mutating func add(key: Int) -> Bool {
        let hit = Int32(after.count)
        after.append(-1)
        defer { tail[key] = hit }
        guard stamp[key] == current else {
            stamp[key] = current
            head[key] = hit
            return true
        }
        after[Int(tail[key])] = hit
        return false
    }

    /// Chains `key`'s hits again in the order `hits` lists them (all of them, none other).
    mutating func relink(_ key: Int, in hits: [Int32]) {
        head[key] = hits[0]
        for (i, hit) in hits.enumerated() { after[Int(hit)] = i + 1 < hits.count ? hits[i + 1] : -1 }
        tail[key] = hits[hits.count - 1]
    }
}

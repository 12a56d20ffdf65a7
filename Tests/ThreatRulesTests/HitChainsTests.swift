import Testing
@testable import ThreatRules

@Suite("Chains of hits by key")
struct HitChainsTests {
    static func chain(_ chains: borrowing HitChains, _ key: Int) -> [Int32] {
        var hits: [Int32] = []
        var h = chains.first(key)
        while h >= 0 {
            hits.append(h)
            h = chains.next(h)
        }
        return hits
    }

    @Test("each key lists its own hits in the order added; a new report starts with none")
    func chainsByKey() {
        var chains = HitChains(keys: 4)
        for key in [2, 0, 2, 3, 2, 0] { chains.add(key: key) }
        #expect(Self.chain(chains, 2) == [0, 2, 4] && Self.chain(chains, 0) == [1, 5] && Self.chain(chains, 3) == [3])
        #expect(!chains.contains(1) && Self.chain(chains, 1) == [] && chains.last(2) == 4)
        chains.relink(2, in: [4, 0, 2])
        #expect(Self.chain(chains, 2) == [4, 0, 2] && chains.last(2) == 2)
        chains.reset()
        #expect(!chains.contains(2) && Self.chain(chains, 0) == [])
        #expect(chains.add(key: 0) && !chains.add(key: 0))
        #expect(Self.chain(chains, 0) == [0, 1])
    }
}

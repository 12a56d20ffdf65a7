import Testing
import TextNormalization
import ThreatTaxonomy
@testable import ThreatRules

/// A deterministic random number generator (SplitMix64), so every run sees the same cases.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Properties")
struct PropertyTests {
    /// Every (literal, end) occurrence, found by brute force.
    static func naiveOccurrences(of literals: [[UInt8]], in text: [UInt8]) -> Set<[Int]> {
        var found: Set<[Int]> = []
        for (l, literal) in literals.enumerated() where !literal.isEmpty && literal.count <= text.count {
            for start in 0...(text.count - literal.count) where text[start..<start + literal.count].elementsEqual(literal) {
                found.insert([l, start + literal.count])
            }
        }
        return found
    }

    @Test("the automaton finds exactly the occurrences a brute-force search finds", arguments: [0, 64, 1 << 20])
    func automatonMatchesBruteForce(denseBudget: Int) {
        var random = SeededGenerator(state: 7)
        let alphabet: [UInt8] = Array("abc ".utf8) + [0xE4, 0xB8]
        for _ in 0..<200 {
            let literals = (0..<Int.random(in: 1...12, using: &random)).map { _ in
                (0..<Int.random(in: 1...4, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            let text = (0..<Int.random(in: 0...60, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let automaton = Automaton(literals: literals, denseBudget: denseBudget)
            var buffer = ScratchBuffer<AutomatonMatch>(capacity: 1)
            text.withUnsafeBufferPointer { automaton.scan($0, into: &buffer) }
            let matches = Array(buffer.elements)
            let found = Set(matches.map { [Int($0.literal), Int($0.end)] })
            #expect(found.count == matches.count, "each occurrence is reported once")
            #expect(matches.map(\.end) == matches.map(\.end).sorted(), "occurrences come in order of their end")
            #expect(found == Self.naiveOccurrences(of: literals, in: text), "literals \(literals), text \(text)")
            // Read as if a space came last: also the literals that end with it at the end.
            text.withUnsafeBufferPointer { automaton.scan($0, trailingByte: UInt8(ascii: " "), into: &buffer) }
            #expect(Set(buffer.elements.map { [Int($0.literal), Int($0.end)] }) == Self.naiveOccurrences(of: literals, in: text + [UInt8(ascii: " ")]))
        }
    }

    @Test("a matcher state's record gives back how many children it lists, for every count")
    func sparseRecordLengths() {
        for listed in 1...253 {
            // Classes 2 apart: more than 64 classes from the first for the larger counts (a list),
            // a map for the smaller ones.
            let classes = (0...listed).map { 1 + 2 * $0 }
            for outputs in [0, 1, 3] {
                let header = SparseHeader(classes: classes, outputCount: outputs)
                #expect(header.firstClass == 1 && header.outputCount == outputs)
                switch header.others {
                case .list: #expect(SparseHeader.listed(inWords: header.recordLength - header.classesOffset) == listed)
                case .map: #expect(listed >= 2 && classes.last! - classes[0] < 64)
                case .none: Issue.record("a state with \(listed + 1) children lists none")
                }
            }
        }
    }

    @Test("evidence offsets count the scalars before a match as a byte-by-byte count does, at every length")
    func scalarCountsMatchByteByByte() {
        var random = SeededGenerator(state: 7)
        // ASCII, 2-, 3- and 4-byte characters mixed, so continuation bytes fall in every lane.
        let characters = ["a", " ", "é", "ж", "ب", "中", "😀", "\u{2028}"].map { Array($0.utf8) }
        for length in 0..<80 {
            var text: [UInt8] = []
            while text.count < length { text += characters[Int(random.next() % UInt64(characters.count))] }
            text.withUnsafeBufferPointer { bytes in
                for end in 0...bytes.count {
                    let expected = bytes[..<end].filter { $0 & 0xC0 != 0x80 }.count
                    #expect(TextSpan.scalarCount(bytes, upTo: end) == expected, "text of \(bytes.count) bytes, end \(end)")
                }
            }
        }
    }

    @Test("near windows count words and sentences as a byte-by-byte count does, across block edges")
    func separatorCountsMatchByteByByte() {
        var random = SeededGenerator(state: 11)
        // Spaces, sentence boundaries, Chinese characters (every second one ends a word) and letters.
        let pieces: [[UInt8]] = [[WordBoundary.space], [WordBoundary.sentence], Array("中".utf8), Array("词".utf8), [0x61], Array("é".utf8)]
        for length in 0..<90 {
            var text: [UInt8] = []
            while text.count < length { text += pieces[Int(random.next() % UInt64(pieces.count))] }
            for pending in [false, true] {
                var (words, sentences, odd): (Int32, Int32, Bool) = (0, 0, pending)
                for byte in text {
                    if byte == WordBoundary.space { words += 1 }
                    if byte == WordBoundary.sentence { words += 1; sentences += 1 }
                    if (0xE4...0xE9).contains(byte) {
                        if odd { words += 1 }
                        odd.toggle()
                    }
                }
                var found = pending
                let counted = text.withUnsafeBufferPointer { HitCollector.separators(in: $0, oddChinese: &found) }
                #expect(counted.words == words && counted.sentences == sentences && found == odd, "text of \(text.count) bytes")
            }
        }
    }

    @Test("a state with hundreds of children finds each of them", arguments: [0, 1 << 20])
    func automatonWithWideStates(denseBudget: Int) {
        var random = SeededGenerator(state: 11)
        // Deep states with nearly every byte as a child (their classes fill the record's class
        // words to the top bit, and span more than a class map holds) and with several literals
        // of their own.
        let bytes = (1...250).map { UInt8($0) }
        let literals = bytes.map { [0x78, 0x79, 0x7A, $0] } + bytes.map { [0x79, 0x7A, $0] } + [[0x7A, 0x41], [0x41]]
        for _ in 0..<50 {
            let text = (0..<Int.random(in: 0...400, using: &random)).map { _ in
                Bool.random(using: &random) ? [0x78, 0x79, 0x7A].randomElement(using: &random)! : bytes.randomElement(using: &random)!
            }
            let automaton = Automaton(literals: literals, denseBudget: denseBudget)
            var buffer = ScratchBuffer<AutomatonMatch>()
            text.withUnsafeBufferPointer { automaton.scan($0, into: &buffer) }
            let found = Set(buffer.elements.map { [Int($0.literal), Int($0.end)] })
            #expect(found.count == buffer.count)
            #expect(found == Self.naiveOccurrences(of: literals, in: text))
        }
    }

    /// Whether normalised `term` occurs in normalised text `t` with the engine's boundary rule:
    /// whole words for space-delimited scripts, a prefix for `*`, any substring for CJK.
    static func naiveMatch(term: String, in t: [UInt8]) -> Bool {
        let isPrefix = term.hasSuffix("*")
        let p = TextNormalizer.shared.normalize(isPrefix ? String(term.dropLast()) : term).bytes
        guard !p.isEmpty, p.count <= t.count else { return false }
        let needsStart = ScriptKind.ofFirstCharacter(p) == .spaceDelimited
        let needsEnd = !isPrefix && ScriptKind.ofLastCharacter(p) == .spaceDelimited
        for start in 0...(t.count - p.count) where t[start..<start + p.count].elementsEqual(p) {
            let end = start + p.count
            if needsStart && start > 0 && !WordBoundary.isBoundary(t[start - 1]) { continue }
            if needsEnd && end < t.count && !WordBoundary.isBoundary(t[end]) { continue }
            return true
        }
        return false
    }

    @Test("for random terms and texts, the engine labels exactly the terms a naive search finds")
    func engineMatchesNaiveSearch() throws {
        var random = SeededGenerator(state: 42)
        let syllables = ["ka", "li", "ro", "é", "be", "дa", "ль", "爱", "国", "I"]
        let separators = [" ", ", ", ". ", "-", "  ", "\n", ""]
        func word() -> String {
            (0..<Int.random(in: 1...3, using: &random)).map { _ in syllables.randomElement(using: &random)! }.joined()
        }
        var textsWithMatches = 0
        for round in 0..<20 {
            var terms: [String] = []
            while terms.count < 8 {
                // Some nodes share a literal (the same term, or it with and without `*`): a
                // match must then reach every use of it.
                if let earlier = terms.randomElement(using: &random), Int.random(in: 0..<4, using: &random) == 0 {
                    terms.append(Bool.random(using: &random) ? earlier : earlier.hasSuffix("*") ? String(earlier.dropLast()) : earlier + "*")
                    continue
                }
                var term = (0..<Int.random(in: 1...2, using: &random)).map { _ in word() }.joined(separator: " ")
                if Bool.random(using: &random) { term += "*" }
                if !TextNormalizer.shared.normalize(String(term.filter { $0 != "*" })).bytes.isEmpty { terms.append(term) }
            }
            let nodes = terms.enumerated().map { i, term in
                TestTaxonomy.node("t\(i)", ["xx": LanguageRules(terms: [TestTaxonomy.term(term)])])
            }
            let rules = try RuleSet(taxonomy: TestTaxonomy.taxonomy(nodes))
            for _ in 0..<25 {
                let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                    word() + separators.randomElement(using: &random)!
                }.joined()
                let normalized = TextNormalizer.shared.normalize(text).bytes
                let expected = terms.enumerated().filter { Self.naiveMatch(term: $1, in: normalized) }.map { "t\($0.offset)" }
                let labelled = rules.classify(text, language: nil).nodes
                #expect(labelled == expected, "round \(round): terms \(terms), text \(text.debugDescription)")
                if !expected.isEmpty { textsWithMatches += 1 }
            }
        }
        #expect(textsWithMatches >= 50, "the generator must produce matches to compare")
    }
}

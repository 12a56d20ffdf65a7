import Foundation

/// Computes the mapping of one scalar: compatibility decomposition, full case folding, Arabic
/// and Persian letter variants, decimal digits to ASCII, traditional to simplified Chinese,
/// marks and invisible characters removed; repeated until nothing changes.
struct TableBuilder {
    let chinese: [Unicode.Scalar: Unicode.Scalar]

    init() {
        var chinese: [Unicode.Scalar: Unicode.Scalar] = [:]
        let scalars = Array(ChineseVariants.traditionalToSimplified.unicodeScalars)
        for k in stride(from: 0, to: scalars.count - 1, by: 2) { chinese[scalars[k]] = scalars[k + 1] }
        self.chinese = chinese
    }

    /// The mapping without diacritic folding (accents stay as combining marks).
    func map(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        var mapped = [scalar]
        for _ in 0..<4 {
            let next = mapped.flatMap { step($0) }
            if next == mapped { break }
            mapped = next
        }
        return mapped
    }

    private func step(_ s: Unicode.Scalar) -> [Unicode.Scalar] {
        let v = s.value
        let p = s.properties
        if let replacement = Self.letterVariants[v] { return [replacement] }
        if let simplified = chinese[s] { return [simplified] }
        if p.isDefaultIgnorableCodePoint || p.generalCategory == .format || v == 0x0640 { return [] }
        if Self.isArabicMark(s) { return [] }
        if p.numericType == .decimal, let digit = p.numericValue, !s.isASCII {
            return [Unicode.Scalar(UInt8(0x30 + Int(digit)))]
        }
        if Self.mayDecompose(s) {
            let decomposed = Array(String(Character(s)).decomposedStringWithCompatibilityMapping.unicodeScalars)
            if decomposed != [s] { return decomposed }
        }
        if p.changesWhenCaseFolded {
            return Array(p.uppercaseMapping.lowercased().unicodeScalars)
        }
        return [s]
    }

    /// Arabic alef variants, alef maksura, teh marbuta, Persian yeh and keheh.
    private static let letterVariants: [UInt32: Unicode.Scalar] = [
        0x0623: "\u{0627}", 0x0625: "\u{0627}", 0x0622: "\u{0627}", 0x0671: "\u{0627}",
        0x0649: "\u{064A}", 0x0629: "\u{0647}", 0x06CC: "\u{064A}", 0x06A9: "\u{0643}",
    ]

    private static func isArabicMark(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0610...0x061A, 0x064B...0x065F, 0x0670, 0x06D6...0x06ED, 0x08D3...0x08FF:
            return s.properties.generalCategory == .nonspacingMark
        default:
            return false
        }
    }

    /// Combining marks of Latin, Greek and Cyrillic (accents, diaeresis, breve …).
    static func isFoldableMark(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            return true
        default:
            return false
        }
    }

    /// Whether to ask Foundation for a decomposition: compatibility mappings show in
    /// `changesWhenNFKCCaseFolded`; canonical ones (é, й, ガ) are looked for below U+3400.
    private static func mayDecompose(_ s: Unicode.Scalar) -> Bool {
        if s.properties.changesWhenNFKCCaseFolded { return true }
        return s.value >= 0xC0 && s.value < 0x3400 && s.properties.generalCategory != .unassigned
    }

    func classify(_ mapped: [Unicode.Scalar]) -> CharClass {
        guard let first = mapped.first else { return .ignorable }
        let result = Self.classify(first)
        for s in mapped.dropFirst() {
            let c = Self.classify(s)
            if c == .mark && result.isLetter || c == result { continue }
            return .expand
        }
        return result
    }

    static func classify(_ s: Unicode.Scalar) -> CharClass {
        let v = s.value
        switch v {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return .stop
        case 0x2E, 0x21, 0x3F, 0x3B: return .softStop
        case 0x40, 0x24: return .leetSymbol
        default: break
        }
        let p = s.properties
        if ScriptKind.isCJK(v) && (p.isAlphabetic || p.generalCategory == .otherNumber) { return .cjk }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .letterNumber:
            switch v {
            case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0x24F, 0x250...0x2AF, 0x1D00...0x1DBF,
                 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF, 0xAB30...0xAB6F:
                return .latin
            case 0x0400...0x052F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F:
                return .cyrillic
            case 0x0370...0x03FF, 0x1F00...0x1FFF:
                return .greek
            default:
                return .otherLetter
            }
        case .decimalNumber:
            return .digit
        case .otherNumber:
            return .otherLetter
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .format:
            return .ignorable
        case .spaceSeparator:
            return .whitespace
        default:
            if v == 0x09 { return .whitespace }
            return p.isSentenceTerminal ? .stop : .separator
        }
    }
}
